package dev.kcaudit.audit.stream;

import dev.kcaudit.audit.config.StoreOption;

/**
 * Server-wide stream options ({@code --spi-audit-store--jpa--stream-…}), read once at start-up.
 *
 * @param secretKey      base64 of a 32-byte AES key kept outside the database (a file, an environment variable);
 *                       null: stream secrets are sealed with a key derived from the realm's active AES key
 * @param allowHttp      whether webhook and HEC URLs may be plain http (tests, a receiver on localhost)
 * @param failingAfterMs a destination failing this long is shown as Failing (it keeps retrying)
 */
public record StreamSettings(String secretKey, boolean allowHttp, long intervalMs, long leaseMs,
                             long backoffBaseMs, long backoffMaxMs, long failingAfterMs, long timeoutMs, int threads) {

    private static volatile StreamSettings current = defaults();

    public static StreamSettings defaults() {
        return new StreamSettings(null, Boolean.parseBoolean(StoreOption.STREAM_ALLOW_HTTP.defaultValue()),
                StoreOption.STREAM_INTERVAL_MS.longDefault(), StoreOption.STREAM_LEASE_MS.longDefault(),
                StoreOption.STREAM_BACKOFF_BASE_MS.longDefault(), StoreOption.STREAM_BACKOFF_MAX_MS.longDefault(),
                StoreOption.STREAM_FAILING_AFTER_MS.longDefault(), StoreOption.STREAM_TIMEOUT_MS.longDefault(),
                (int) StoreOption.STREAM_THREADS.longDefault());
    }

    public static StreamSettings current() {
        return current;
    }

    public static void set(StreamSettings settings) {
        current = settings;
    }
}
