package dev.kcaudit.audit.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kcaudit.audit.query.BadParameter;
import org.junit.jupiter.api.Test;

class FeedCursorTest {

    @Test
    void roundTripsAndRefusesForeignOrForgedCursors() {
        FeedCursor cursor = new FeedCursor(42, 1_000, Long.MAX_VALUE);
        String text = cursor.encode("fp");
        assertThat(FeedCursor.decode(text, "fp")).isEqualTo(cursor);
        assertThat(cursor.bounded()).isFalse();
        assertThatThrownBy(() -> FeedCursor.decode(text, "other")).isInstanceOf(BadParameter.class)
                .hasMessageContaining("another realm");
        for (String bad : new String[] {"", "!!!", "Zm9v", text.substring(1), "ZjEKZnAKLTIKMAox"}) {
            assertThatThrownBy(() -> FeedCursor.decode(bad, "fp")).as(bad).isInstanceOf(BadParameter.class)
                    .extracting(e -> ((BadParameter) e).parameter()).isEqualTo("after");
        }
    }
}
