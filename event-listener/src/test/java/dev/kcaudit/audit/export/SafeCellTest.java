package dev.kcaudit.audit.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeCellTest {

    @Test
    void formulaTriggersAreDefused() {
        for (String payload : new String[] {"=1+1", "+1", "-2", "@SUM(A1)", "\t=x", "\r=x"}) {
            assertThat(SafeCell.of(payload)).isEqualTo("'" + payload);
        }
    }

    @Test
    void ordinaryTextIsUntouched() {
        assertThat(SafeCell.of("alice")).isEqualTo("alice");
        assertThat(SafeCell.of("a=b")).isEqualTo("a=b");
        assertThat(SafeCell.of("")).isEmpty();
        assertThat(SafeCell.of(null)).isEmpty();
    }
}
