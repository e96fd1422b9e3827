package dev.kcaudit.audit.store.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HistogramSpanTest {

    private static final long HOUR = HistogramSpan.HOUR;
    private static final long MINUTE = 60_000L;
    /** 2026-12-05 00:00 UTC: a whole hour. */
    private static final long DAY = 1_764_892_800_000L;

    @Test
    void aChartEndingNowReadsTheCurrentHourFromTheRollup() {
        long now = DAY + 10 * HOUR + 5 * MINUTE + 123; // five minutes into the hour: nothing lies after now yet
        long from = now - 90 * 24 * HOUR;
        HistogramSpan span = HistogramSpan.of(from, now, now);
        assertThat(span.rollTo()).isEqualTo(DAY + 11 * HOUR);
        // The start, 90 days back, is five minutes into its hour too: those five are subtracted, not 55 grouped.
        assertThat(span.rollFrom()).isEqualTo(HistogramIndex.hourOf(from));
    }

    @Test
    void eachEndInThePastTakesTheShorterPartOfItsHour() {
        long now = DAY + 20 * HOUR;
        long from = DAY + 2 * HOUR + 50 * MINUTE; // ten minutes grouped beat fifty subtracted
        long to = DAY + 8 * HOUR + 55 * MINUTE; // five minutes subtracted beat fifty-five grouped
        assertThat(HistogramSpan.of(from, to, now)).isEqualTo(new HistogramSpan(DAY + 3 * HOUR, DAY + 9 * HOUR));
        from = DAY + 2 * HOUR + 10 * MINUTE; // ten minutes subtracted beat fifty grouped
        to = DAY + 8 * HOUR + 5 * MINUTE; // five minutes grouped beat fifty-five subtracted
        assertThat(HistogramSpan.of(from, to, now)).isEqualTo(new HistogramSpan(DAY + 2 * HOUR, DAY + 8 * HOUR));
    }

    @Test
    void wholeHoursAreReadWhole() {
        long now = DAY + 20 * HOUR;
        assertThat(HistogramSpan.of(DAY + HOUR, DAY + 5 * HOUR - 1, now))
                .isEqualTo(new HistogramSpan(DAY + HOUR, DAY + 5 * HOUR));
    }

    @Test
    void aRangeInsideOneHourIsReadFromTheRollupOnlyWhenLessIsLeftOutThanTaken() {
        long now = DAY + 20 * HOUR;
        // 40 minutes in, 20 out: the hour's rollup minus its first and last ten minutes.
        assertThat(HistogramSpan.of(DAY + 3 * HOUR + 10 * MINUTE, DAY + 3 * HOUR + 50 * MINUTE, now))
                .isEqualTo(new HistogramSpan(DAY + 3 * HOUR, DAY + 4 * HOUR));
        // 10 minutes in, 50 out: the entries are grouped.
        assertThat(HistogramSpan.of(DAY + 3 * HOUR + 10 * MINUTE, DAY + 3 * HOUR + 20 * MINUTE, now)).isNull();
        // The last hour, ending now: the current hour comes from the rollup, whatever part of it has passed.
        long current = DAY + 20 * HOUR + 2 * MINUTE;
        assertThat(HistogramSpan.of(current - HOUR, current, current).rollTo()).isEqualTo(DAY + 21 * HOUR);
    }

    @Test
    void aRangeShorterThanAnHourAcrossAnHourBoundaryIsGrouped() {
        long now = DAY + 20 * HOUR;
        // 20 minutes across 03:00: every rollup span would subtract more than the range holds.
        assertThat(HistogramSpan.of(DAY + 2 * HOUR + 50 * MINUTE, DAY + 3 * HOUR + 10 * MINUTE, now)).isNull();
    }
}
