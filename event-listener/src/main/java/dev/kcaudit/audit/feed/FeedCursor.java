package dev.kcaudit.audit.feed;

import dev.kcaudit.audit.query.BadParameter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Pure: the feed's opaque cursor. It carries the last sequence number delivered, the time window the poll
 * started with, and a fingerprint of the realm and filters: a cursor from another realm or for other filters is a
 * 400, never a silent restart. A cursor grants nothing; every request applies the caller's scope again.
 *
 * @param until the end of a bounded window, or {@code Long.MAX_VALUE} when polling
 */
public record FeedCursor(long seq, long since, long until) {

    private static final String VERSION = "f1";

    public String encode(String fingerprint) {
        String text = String.join("\n", VERSION, fingerprint, Long.toString(seq), Long.toString(since),
                Long.toString(until));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    public static FeedCursor decode(String text, String fingerprint) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\n", -1);
        } catch (IllegalArgumentException e) {
            throw notOurs();
        }
        if (parts.length != 5 || !VERSION.equals(parts[0])) {
            throw notOurs();
        }
        if (!parts[1].equals(fingerprint)) {
            throw new BadParameter("after", "after is a cursor of another realm or of other filters; "
                    + "repeat the filters it was issued with, or start again with since");
        }
        try {
            FeedCursor cursor = new FeedCursor(Long.parseLong(parts[2]), Long.parseLong(parts[3]),
                    Long.parseLong(parts[4]));
            if (cursor.seq < 0 || cursor.until < cursor.since) {
                throw notOurs();
            }
            return cursor;
        } catch (NumberFormatException e) {
            throw notOurs();
        }
    }

    public boolean bounded() {
        return until != Long.MAX_VALUE;
    }

    private static BadParameter notOurs() {
        return new BadParameter("after", "after is not a cursor this feed issued");
    }
}
