package dev.kcaudit.audit.store.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How long the server waits before looking at the free-text index again, after failed builds. */
class DayIndexBuildTest {

    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;

    @Test
    void aLookThatDidNotFailOrFailedOnceIsRepeatedAfterTheInterval() {
        assertThat(DayIndexBuild.retryDelay(0, MINUTE)).isEqualTo(MINUTE);
        assertThat(DayIndexBuild.retryDelay(1, MINUTE)).isEqualTo(MINUTE);
    }

    @Test
    void eachFurtherFailureDoublesTheWaitUpToAnHour() {
        assertThat(DayIndexBuild.retryDelay(2, MINUTE)).isEqualTo(2 * MINUTE);
        assertThat(DayIndexBuild.retryDelay(3, MINUTE)).isEqualTo(4 * MINUTE);
        assertThat(DayIndexBuild.retryDelay(7, MINUTE)).isEqualTo(HOUR);
        assertThat(DayIndexBuild.retryDelay(Integer.MAX_VALUE, MINUTE)).isEqualTo(HOUR);
    }

    @Test
    void anIntervalLongerThanAnHourIsKept() {
        assertThat(DayIndexBuild.retryDelay(5, 2 * HOUR)).isEqualTo(2 * HOUR);
    }
}
