package dev.kcaudit.audit.store;

import java.util.List;
import java.util.Optional;
import org.keycloak.provider.Provider;

/**
 * Export jobs and their files. State changes that race between nodes (claiming a job, reporting progress) are
 * conditional updates, so exactly one node works on a job at a time. Every call runs in the caller's transaction.
 * Obtained with {@code session.getProvider(ExportJobStore.class)}.
 */
public interface ExportJobStore extends Provider {

    /** A completed job's file size. */
    record StoredFile(String id, long sizeBytes) {
    }

    /**
     * Adds an unfinished job in the first of its requester's {@code slots} slots not in use, decided by the database
     * between concurrent requests; returns the job as stored (slot, creation time), or empty when every slot is taken
     * (the transaction must then be rolled back: the database may have refused the insert).
     */
    Optional<ExportJob> create(ExportJob job, int slots);

    /** A job of the realm. */
    Optional<ExportJob> find(String realmId, String id);

    /** A job by id alone, for the background runner (requests use {@link #find}). */
    Optional<ExportJob> get(String id);

    /** Saves a job's state as changed by the runner (completed, failed, total rows). */
    void update(ExportJob job);

    /** A realm's jobs, newest first; only those one user requested when {@code requestedById} is set. */
    List<ExportJob> list(String realmId, String requestedById, int max);

    /**
     * Takes a job for this node when it is still in the state the caller saw (pending, or running with a heartbeat no
     * newer than {@code staleBefore}); true when this node got it.
     */
    boolean claim(String id, String node, long now, long staleBefore);

    /** Records progress and a heartbeat; false when the job is no longer this node's (deleted or taken over). */
    boolean progress(String id, String node, long rows, long size, int chunks, long now);

    void addChunk(String jobId, int chunkNo, byte[] data);

    /** One chunk of a file, held by nobody once returned, so a download holds one at a time. */
    byte[] chunk(String jobId, int chunkNo);

    void deleteChunks(String jobId);

    void delete(String jobId);

    /** Jobs nobody is working on: pending or running without a heartbeat since {@code staleBefore}. */
    List<String> abandoned(long staleBefore);

    /** Completed jobs of a realm, oldest first, with the bytes their files hold. */
    List<StoredFile> storedFiles(String realmId);

    /** Finished jobs whose files have expired. */
    List<String> expired(long now);

    void deleteRealm(String realmId);

    @Override
    default void close() {
    }
}
