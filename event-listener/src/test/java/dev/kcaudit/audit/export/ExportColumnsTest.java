package dev.kcaudit.audit.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExportColumnsTest {

    @Test
    void timestampsAlwaysCarryMillisecondsEvenOnAWholeSecond() {
        assertThat(ExportColumns.timestamp(1_796_170_215_000L)).isEqualTo("2026-12-02T00:10:15.000Z");
        assertThat(ExportColumns.timestamp(1_796_170_208_079L)).isEqualTo("2026-12-02T00:10:08.079Z");
    }
}
