package dev.kcaudit.audit.stream;

/** How a destination is doing, as stored. */
public record StreamState(long position, String state, int retries, Long nextAttempt, Long failingSince,
                          long delivered, long failed, long attempts, Long lastSuccess, String lastError,
                          Integer lastStatus, String leaseOwner, Long leaseUntil) {

    public static final String ACTIVE = "ACTIVE";
    public static final String RETRYING = "RETRYING";
    public static final String FAILING = "FAILING";
}
