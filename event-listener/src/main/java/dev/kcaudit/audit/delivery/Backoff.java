package dev.kcaudit.audit.delivery;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Pure: how long to wait before the next attempt. Exponential (base × 2^retries, at most max) with "equal jitter"
 * (half fixed, half random), so destinations that failed together do not retry together; a receiver's
 * Retry-After wins when it asks for longer, capped at max.
 */
public final class Backoff {

    private Backoff() {
    }

    public static long delay(int retries, long baseMs, long maxMs, Long retryAfterMs) {
        long exp = Math.min(maxMs, baseMs << Math.min(retries, 30));
        long jittered = exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
        return retryAfterMs == null ? jittered : Math.min(maxMs, Math.max(retryAfterMs, jittered));
    }
}
