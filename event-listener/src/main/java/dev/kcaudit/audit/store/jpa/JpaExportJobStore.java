package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.store.jpa.entity.AuditExportChunkEntity;
import dev.kcaudit.audit.store.jpa.entity.AuditExportJobEntity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import org.keycloak.models.ModelDuplicateException;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Optional;

/**
 * Export jobs and their files on Keycloak's database. State changes that race between nodes (claiming a job,
 * reporting progress) are conditional updates, so exactly one node works on a job at a time.
 */
public class JpaExportJobStore {

    public static final String PENDING = "Pending";
    public static final String RUNNING = "Running";
    public static final String COMPLETED = "Completed";
    public static final String FAILED = "Failed";

    private final EntityManager em;

    public JpaExportJobStore(EntityManager em) {
        this.em = em;
    }

    /**
     * Adds an unfinished job in the first of its requester's {@code slots} slots not in use, flushed at once so that
     * the unique index on (realm, requester, slot) decides between concurrent requests; false when every slot is
     * taken (the transaction must then be rolled back: the database may have refused the insert).
     */
    public boolean create(AuditExportJobEntity job, int slots) {
        List<Integer> used = em.createQuery("select j.slot from AuditExportJobEntity j where j.realmId = :realm"
                        + " and j.requestedById = :user and j.slot is not null", Integer.class)
                .setParameter("realm", job.getRealmId()).setParameter("user", job.getRequestedById()).getResultList();
        for (int slot = 1; slot <= slots; slot++) {
            if (!used.contains(slot)) {
                job.setSlot(slot);
                // Created when its slot was seen free, after the job that held it finished: no two jobs' lifetimes
                // that shared a slot overlap.
                job.setCreatedTime(Math.max(job.getCreatedTime(), System.currentTimeMillis()));
                try {
                    em.persist(job);
                    em.flush();
                    return true;
                } catch (PersistenceException | ModelDuplicateException taken) {
                    // Keycloak's entity manager reports the unique index's refusal as a ModelDuplicateException.
                    return false;
                }
            }
        }
        return false;
    }

    public Optional<AuditExportJobEntity> find(String realmId, String id) {
        AuditExportJobEntity job = em.find(AuditExportJobEntity.class, id);
        return job == null || !job.getRealmId().equals(realmId) ? Optional.empty() : Optional.of(job);
    }

    /** A job by id alone, for the background runner (requests use {@link #find}). */
    public Optional<AuditExportJobEntity> get(String id) {
        return Optional.ofNullable(em.find(AuditExportJobEntity.class, id));
    }

    /** A realm's jobs, newest first; only those one user requested when {@code requestedById} is set. */
    public List<AuditExportJobEntity> list(String realmId, String requestedById, int max) {
        TypedQuery<AuditExportJobEntity> query = em.createQuery("select j from AuditExportJobEntity j"
                        + " where j.realmId = :realm" + (requestedById == null ? "" : " and j.requestedById = :user")
                        + " order by j.createdTime desc, j.id desc", AuditExportJobEntity.class)
                .setParameter("realm", realmId);
        if (requestedById != null) {
            query.setParameter("user", requestedById);
        }
        return query.setMaxResults(max).getResultList();
    }

    /**
     * Takes a job for this node when it is still in the state the caller saw (pending, or running with a
     * heartbeat no newer than {@code staleBefore}); true when this node got it.
     */
    public boolean claim(String id, String node, long now, long staleBefore) {
        return em.createQuery("update AuditExportJobEntity j set j.status = :running, j.node = :node,"
                        + " j.startedTime = :now, j.heartbeatTime = :now, j.attempts = j.attempts + 1,"
                        + " j.rowCount = 0, j.sizeBytes = 0, j.chunks = 0, j.error = null"
                        + " where j.id = :id and (j.status = :pending"
                        + " or (j.status = :running and j.heartbeatTime <= :stale))")
                .setParameter("running", RUNNING).setParameter("pending", PENDING).setParameter("node", node)
                .setParameter("now", now).setParameter("id", id).setParameter("stale", staleBefore)
                .executeUpdate() == 1;
    }

    /** Records progress and a heartbeat; false when the job is no longer this node's (deleted or taken over). */
    public boolean progress(String id, String node, long rows, long size, int chunks, long now) {
        return em.createQuery("update AuditExportJobEntity j set j.rowCount = :rows, j.sizeBytes = :size,"
                        + " j.chunks = :chunks, j.heartbeatTime = :now"
                        + " where j.id = :id and j.node = :node and j.status = :running")
                .setParameter("rows", rows).setParameter("size", size).setParameter("chunks", chunks)
                .setParameter("now", now).setParameter("id", id).setParameter("node", node)
                .setParameter("running", RUNNING).executeUpdate() == 1;
    }

    public void addChunk(String jobId, int chunkNo, byte[] data) {
        em.persist(new AuditExportChunkEntity(jobId, chunkNo, data));
    }

    /** One chunk of a file, let go of by the persistence context at once so a download holds one at a time. */
    public byte[] chunk(String jobId, int chunkNo) {
        AuditExportChunkEntity chunk = em.find(AuditExportChunkEntity.class,
                new AuditExportChunkEntity.Key(jobId, chunkNo));
        if (chunk == null) {
            throw new IllegalStateException("Export " + jobId + " lacks chunk " + chunkNo);
        }
        em.detach(chunk);
        return chunk.getData();
    }

    public void deleteChunks(String jobId) {
        em.createQuery("delete from AuditExportChunkEntity c where c.jobId = :job").setParameter("job", jobId)
                .executeUpdate();
    }

    public void delete(String jobId) {
        deleteChunks(jobId);
        em.createQuery("delete from AuditExportJobEntity j where j.id = :job").setParameter("job", jobId)
                .executeUpdate();
    }

    /** Jobs nobody is working on: pending or running without a heartbeat since {@code staleBefore}. */
    public List<String> abandoned(long staleBefore) {
        return em.createQuery("select j.id from AuditExportJobEntity j where (j.status = :pending"
                        + " and j.createdTime <= :stale) or (j.status = :running and j.heartbeatTime <= :stale)",
                        String.class)
                .setParameter("pending", PENDING).setParameter("running", RUNNING).setParameter("stale", staleBefore)
                .getResultList();
    }

    /** Completed jobs of a realm, oldest first, with the bytes their files hold. */
    public List<Object[]> storedFiles(String realmId) {
        return em.createQuery("select j.id, j.sizeBytes from AuditExportJobEntity j where j.realmId = :realm"
                        + " and j.status = :completed order by j.finishedTime, j.id", Object[].class)
                .setParameter("realm", realmId).setParameter("completed", COMPLETED).getResultList();
    }

    /** Finished jobs whose files have expired. */
    public List<String> expired(long now) {
        return em.createQuery("select j.id from AuditExportJobEntity j where j.expiresTime <= :now", String.class)
                .setParameter("now", now).getResultList();
    }

    public void deleteRealm(String realmId) {
        for (String id : em.createQuery("select j.id from AuditExportJobEntity j where j.realmId = :realm",
                String.class).setParameter("realm", realmId).getResultList()) {
            delete(id);
        }
    }
}
