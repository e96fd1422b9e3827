package dev.kcaudit.audit.feed;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pure: a token bucket per caller, held in this node's memory. A caller may burst up to the whole minute's
 * allowance, then gets one request per {@code 60 / perMinute} seconds.
 */
public final class RateLimiter {

    /** What a request may do: go ahead with {@code remaining} left, or wait {@code retryAfterSeconds}. */
    public record Decision(boolean allowed, long remaining, long retryAfterSeconds) {
    }

    private static final int MAX_CALLERS = 10_000;

    private final int perMinute;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(int perMinute) {
        this.perMinute = perMinute;
    }

    public int perMinute() {
        return perMinute;
    }

    public Decision acquire(String caller, long nowMs) {
        if (buckets.size() > MAX_CALLERS) {
            // Full buckets carry no state worth keeping.
            buckets.entrySet().removeIf(e -> e.getValue().fullAt(nowMs, perMinute));
        }
        Bucket bucket = buckets.computeIfAbsent(caller, k -> new Bucket(perMinute, nowMs));
        synchronized (bucket) {
            bucket.refill(nowMs, perMinute);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return new Decision(true, (long) Math.floor(bucket.tokens), 0);
            }
            double msPerToken = 60_000.0 / perMinute;
            long waitMs = (long) Math.ceil((1 - bucket.tokens) * msPerToken);
            return new Decision(false, 0, Math.max(1, (waitMs + 999) / 1000));
        }
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(int capacity, long now) {
            this.tokens = capacity;
            this.at = now;
        }

        void refill(long now, int perMinute) {
            if (now > at) {
                tokens = Math.min(perMinute, tokens + (now - at) * perMinute / 60_000.0);
                at = now;
            }
        }

        synchronized boolean fullAt(long now, int perMinute) {
            return tokens + (now - at) * perMinute / 60_000.0 >= perMinute;
        }
    }
}
