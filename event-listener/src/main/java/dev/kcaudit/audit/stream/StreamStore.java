package dev.kcaudit.audit.stream;

import java.util.List;
import java.util.Optional;
import org.keycloak.provider.Provider;

/**
 * Where destinations, their positions, leases and attempts live. Every call runs in the caller's transaction.
 * Obtained with {@code session.getProvider(StreamStore.class)}.
 */
public interface StreamStore extends Provider {

    /** A destination as stored, with its sealed secrets (never shown). */
    record Stored(Stream stream, StreamState state, String sealedSecrets) {
    }

    void create(Stream stream, String sealedSecrets, long position);

    /** One destination of the realm ({@code realmId} null: of any realm). */
    Optional<Stored> get(String realmId, String id);

    List<Stored> list(String realmId);

    /** Saves name, config, scope and, when not null, new sealed secrets. */
    void update(Stream stream, String sealedSecrets);

    void setPaused(String id, boolean paused);

    /** Moves the position (replay) and clears the backoff: delivery resumes from there at once. */
    void replay(String id, long position);

    void delete(String id);

    void deleteRealm(String realmId);

    /** Ids of destinations not paused, due now, whose lease is free, expired or ours. */
    List<String> due(long now, String node);

    /** Takes or renews the lease; true when this node holds it until {@code until}. */
    boolean lease(String id, String node, long now, long until);

    void release(String id, String node);

    /**
     * After a delivered batch: moves the position from {@code expected} to {@code position}, only while this node
     * holds the lease and nobody moved the position (a replay); false otherwise.
     */
    boolean delivered(String id, String node, long expected, long position, int entries, long now, long leaseUntil);

    /** Moves the position over entries the filter skips, under the same conditions as {@link #delivered}. */
    boolean skipped(String id, String node, long expected, long position);

    /** After a failed batch: retry count, when to try again, whether it now counts as Failing, and why. */
    void failed(String id, String node, int retries, long nextAttempt, long failingSince, String state,
                Integer status, String error);

    /** Records an attempt and keeps the newest {@code keep}. */
    void attempt(String id, Attempt attempt, int keep);

    /** The next attempt number of the destination (counts every attempt ever made). */
    long nextAttemptNumber(String id);

    List<Attempt> attempts(String id, int max);

    @Override
    default void close() {
    }
}
