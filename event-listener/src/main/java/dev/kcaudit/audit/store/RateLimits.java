package dev.kcaudit.audit.store;

import org.keycloak.provider.Provider;

/**
 * Request counters shared by every node: one per key, counting the requests of the current one-minute window.
 * Obtained with {@code session.getProvider(RateLimits.class)}.
 */
public interface RateLimits extends Provider {

    /** What {@link #take} did. */
    enum Taken { COUNTED, REFUSED, NO_COUNTER }

    /**
     * Counts a request of {@code key} in the window starting at {@code window} if fewer than {@code limit} were counted
     * there. Only updates the key's counter, so concurrent counts wait for each other and never deadlock; a key
     * without a counter is {@link Taken#NO_COUNTER}: {@link #open} it in a transaction of its own, then count again.
     */
    Taken take(String key, long window, int limit);

    /**
     * Creates the key's counter, with nothing counted, unless it exists. A concurrent creation of the same counter
     * makes this throw (the counter then exists).
     */
    void open(String key, long window);

    /** Forgets windows that ended before {@code before}. */
    int forget(long before);

    @Override
    default void close() {
    }
}
