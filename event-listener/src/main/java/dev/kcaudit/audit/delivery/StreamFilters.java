package dev.kcaudit.audit.delivery;

import dev.kcaudit.audit.store.AuditFilter;
import dev.kcaudit.audit.stream.StreamFilter;
import java.util.List;
import java.util.Set;

/** A stream's filter as the store reads it: kept out of {@code stream}, which knows nothing of the entry store. */
public final class StreamFilters {

    private StreamFilters() {
    }

    /** The filter at any time, limited to the stream's scope (null: the whole realm). */
    public static AuditFilter toAuditFilter(StreamFilter f, String realmId, Set<String> scope) {
        return new AuditFilter(realmId, Long.MIN_VALUE, Long.MAX_VALUE, f.categories(), f.actions(), Set.of(),
                Set.of(), Set.of(), List.of(), f.organizations(), Set.of(), f.outcomes(), f.sources(), Set.of(), Set.of(), List.of(),
                scope);
    }
}
