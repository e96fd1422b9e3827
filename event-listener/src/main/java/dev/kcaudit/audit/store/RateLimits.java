package dev.kcaudit.audit.store;

import org.keycloak.provider.Provider;

/**
 * Request counters shared by every node: one per key, counting the requests of the current one-minute window.
 * Obtained with {@code session.getProvider(RateLimits.class)}.
 */
public interface RateLimits extends Provider {

    /**
     * Counts a request of {@code key} in the window starting at {@code window} if fewer than {@code limit} were counted
     * there; true when it was counted. A concurrent first count of a new key may throw: retry in a new transaction.
     */
    boolean take(String key, long window, int limit);

    /** Forgets windows that ended before {@code before}. */
    int forget(long before);

    @Override
    default void close() {
    }
}
