package dev.kcaudit.audit.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kcaudit.audit.query.HistogramShape.Bar;
import dev.kcaudit.audit.query.HistogramShape.Interval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistogramShapeTest {

    private static final long HOUR = 3_600_000L;

    private static HistogramShape shape(String from, String to, String... pairs) {
        Map<String, List<String>> raw = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            raw.computeIfAbsent(pairs[i], k -> new ArrayList<>()).add(pairs[i + 1]);
        }
        return HistogramShape.of(new Params(raw, HistogramShape.PARAMS), ms(from), ms(to));
    }

    private static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    private static void rejects(String parameter, String from, String to, String... pairs) {
        assertThatThrownBy(() -> shape(from, to, pairs)).isInstanceOf(BadParameter.class)
                .satisfies(e -> assertThat(((BadParameter) e).parameter()).isEqualTo(parameter));
    }

    @Test
    void theIntervalFollowsTheRangeWhenNotAskedFor() {
        assertThat(shape("2026-12-01T10:00:00Z", "2026-12-01T13:59:59.999Z").interval()).isEqualTo(Interval.MINUTE);
        assertThat(shape("2026-11-24T00:00:00Z", "2026-12-01T00:00:00Z").interval()).isEqualTo(Interval.HOUR);
        assertThat(shape("2026-09-01T00:00:00Z", "2026-12-01T00:00:00Z").interval()).isEqualTo(Interval.DAY);
    }

    @Test
    void everyBarOfTheRangeIsListedAndSlicesAreSummedIntoTheirBar() {
        HistogramShape s = shape("2026-12-01T10:30:00Z", "2026-12-01T13:10:00Z", "interval", "hour");
        assertThat(s.sliceMs()).isEqualTo(HOUR);
        List<Bar> bars = s.fold(List.of(new long[] {ms("2026-12-01T10:00:00Z"), 3, 1},
                new long[] {ms("2026-12-01T12:00:00Z"), 5, 0}));
        assertThat(bars).extracting(Bar::start).containsExactly(ms("2026-12-01T10:00:00Z"),
                ms("2026-12-01T11:00:00Z"), ms("2026-12-01T12:00:00Z"), ms("2026-12-01T13:00:00Z"));
        assertThat(bars).extracting(Bar::success).containsExactly(3L, 0L, 5L, 0L);
        assertThat(bars).extracting(Bar::failure).containsExactly(1L, 0L, 0L, 0L);
        assertThat(bars.get(3).end()).isEqualTo(ms("2026-12-01T14:00:00Z"));
    }

    @Test
    void dayBarsAreLocalDaysAcrossADaylightSavingChange() {
        // Berlin leaves summer time on 2026-10-25: that local day lasts 25 hours.
        HistogramShape s = shape("2026-10-24T00:00:00Z", "2026-10-26T12:00:00Z", "interval", "day", "zone",
                "Europe/Berlin");
        List<Bar> bars = s.fold(List.of(new long[] {ms("2026-10-25T22:00:00Z"), 7, 2}));
        assertThat(bars).extracting(Bar::start).containsExactly(ms("2026-10-23T22:00:00Z"),
                ms("2026-10-24T22:00:00Z"), ms("2026-10-25T23:00:00Z"));
        assertThat(bars.get(1).end() - bars.get(1).start()).isEqualTo(25 * HOUR);
        // 22:00 UTC on the 25th is 23:00 local: still the 25th, whose bar began at 22:00 UTC the day before.
        assertThat(bars.get(1).success()).isEqualTo(7);
        assertThat(bars.get(1).failure()).isEqualTo(2);
    }

    @Test
    void aZoneWithHalfHourOffsetsIsCountedInQuarterHours() {
        HistogramShape s = shape("2026-12-01T00:00:00Z", "2026-12-03T00:00:00Z", "interval", "hour", "zone",
                "Asia/Kolkata");
        assertThat(s.sliceMs()).isEqualTo(HOUR / 4);
        // 04:15 UTC is 09:45 in Kolkata, inside the bar that starts at 09:00 local = 03:30 UTC.
        assertThat(s.barStart(ms("2026-12-01T04:15:00Z"))).isEqualTo(ms("2026-12-01T03:30:00Z"));
    }

    @Test
    void badValuesNameTheirParameter() {
        rejects("interval", "2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z", "interval", "week");
        rejects("zone", "2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z", "zone", "Mars/Olympus");
        rejects("interval", "2026-11-01T00:00:00Z", "2026-12-02T00:00:00Z", "interval", "minute");
        rejects("from", "2010-01-01T00:00:00Z", "2026-12-02T00:00:00Z");
    }
}
