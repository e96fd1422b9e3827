package dev.kcaudit.audit.api;

import dev.kcaudit.audit.api.representation.HistogramRepresentation;
import dev.kcaudit.audit.query.HistogramShape;
import dev.kcaudit.audit.query.HistogramShape.Bar;
import dev.kcaudit.audit.store.AuditFilter;
import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.store.AuditStore.TimeSlice;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shape of a view before its rows: matching entries per bar of time, split by outcome. */
final class HistogramEndpoint {

    private final AuditStore store;

    HistogramEndpoint(AuditStore store) {
        this.store = store;
    }

    HistogramRepresentation histogram(AuditFilter filter, HistogramShape shape) {
        Map<Long, long[]> slices = new LinkedHashMap<>();
        for (TimeSlice slice : store.histogram(filter, shape.sliceMs())) {
            long[] counts = slices.computeIfAbsent(slice.start(), start -> new long[] {start, 0, 0});
            counts["failure".equals(slice.outcome()) ? 2 : 1] += slice.count();
        }
        List<Bar> bars = shape.fold(List.copyOf(slices.values()));
        long total = bars.stream().mapToLong(b -> b.success() + b.failure()).sum();
        return new HistogramRepresentation(shape.interval().id(), shape.zone().getId(), shape.from(), shape.to(), total,
                bars);
    }
}
