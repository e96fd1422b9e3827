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
        long now = DAY + 10 * HOUR + 3 * MINUTE + 123; // three minutes into the hour: nothing lies after now yet
        long from = now - 90 * 24 * HOUR;
        HistogramSpan span = HistogramSpan.of(from, now, now);
        assertThat(span.rollTo()).isEqualTo(DAY + 11 * HOUR);
        // The start, 90 days back, is three minutes into its hour too: those are subtracted, not 57 grouped.
        assertThat(span.rollFrom()).isEqualTo(HistogramIndex.hourOf(from));
    }

    @Test
    void anEndInThePastIsSubtractedOnlyWhenItsOutsidePartIsMuchShorter() {
        long now = DAY + 20 * HOUR;
        // Four minutes out against fifty-six in, three against fifty-seven: subtracted.
        assertThat(HistogramSpan.of(DAY + 2 * HOUR + 4 * MINUTE, DAY + 8 * HOUR + 57 * MINUTE, now))
                .isEqualTo(new HistogramSpan(DAY + 2 * HOUR, DAY + 9 * HOUR));
        // Ten minutes in against fifty out, forty in against twenty out: grouped. A burst in the twenty minutes
        // would cost as much to subtract as to group, so the longer part does not win by length alone.
        assertThat(HistogramSpan.of(DAY + 2 * HOUR + 50 * MINUTE, DAY + 8 * HOUR + 40 * MINUTE, now))
                .isEqualTo(new HistogramSpan(DAY + 3 * HOUR, DAY + 8 * HOUR));
    }

    @Test
    void wholeHoursAreReadWhole() {
        long now = DAY + 20 * HOUR;
        assertThat(HistogramSpan.of(DAY + HOUR, DAY + 5 * HOUR - 1, now))
                .isEqualTo(new HistogramSpan(DAY + HOUR, DAY + 5 * HOUR));
    }

    @Test
    void aRangeInsideOneHourIsReadFromTheRollupOnlyWhenLittleIsLeftOut() {
        long now = DAY + 20 * HOUR;
        // 58 minutes in, one out at each end: the hour's rollup minus those two minutes.
        assertThat(HistogramSpan.of(DAY + 3 * HOUR + MINUTE, DAY + 3 * HOUR + 59 * MINUTE - 1, now))
                .isEqualTo(new HistogramSpan(DAY + 3 * HOUR, DAY + 4 * HOUR));
        // 40 minutes in, 20 out: the entries are grouped.
        assertThat(HistogramSpan.of(DAY + 3 * HOUR + 10 * MINUTE, DAY + 3 * HOUR + 50 * MINUTE, now)).isNull();
        // The last hour, ending now: the current hour comes from the rollup, whatever part of it has passed.
        long current = DAY + 20 * HOUR + 2 * MINUTE;
        assertThat(HistogramSpan.of(current - HOUR, current, current))
                .isEqualTo(new HistogramSpan(DAY + 19 * HOUR, DAY + 21 * HOUR));
    }

    @Test
    void aRangeShorterThanAnHourAcrossAnHourBoundaryIsGrouped() {
        long now = DAY + 20 * HOUR;
        // 20 minutes across 03:00: every rollup span would subtract more than the range holds.
        assertThat(HistogramSpan.of(DAY + 2 * HOUR + 50 * MINUTE, DAY + 3 * HOUR + 10 * MINUTE, now)).isNull();
    }
}
