package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.store.ExportJob;
import dev.kcaudit.audit.store.ExportJobStatus;
import dev.kcaudit.audit.store.ExportJobStore;
import dev.kcaudit.audit.store.jpa.entity.AuditExportChunkEntity;
import dev.kcaudit.audit.store.jpa.entity.AuditExportJobEntity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.ModelException;

/**
 * Export jobs and their files on Keycloak's database. State changes that race between nodes (claiming a job,
 * reporting progress) are conditional updates, so exactly one node works on a job at a time.
 */
public class JpaExportJobStore implements ExportJobStore {

    private static final String PENDING = ExportJobStatus.PENDING.label();
    private static final String RUNNING = ExportJobStatus.RUNNING.label();
    private static final String COMPLETED = ExportJobStatus.COMPLETED.label();

    private final EntityManager em;

    public JpaExportJobStore(EntityManager em) {
        this.em = em;
    }

    /**
     * Slots are chosen one request at a time: under the {@code export-slots} lock row, held until the request
     * commits, and from a locking read, which sees the latest committed slots even where the transaction reads a
     * snapshot (MariaDB). The unique index on (realm, requester, slot) stays as the database's own refusal; it alone
     * did not hold on H2, which let two concurrent inserts take one slot.
     */
    @Override
    public Optional<ExportJob> create(ExportJob requested, int slots) {
        AuditExportJobEntity job = ExportJobs.entity(requested, new AuditExportJobEntity());
        LockRows.take(em, "export-slots");
        List<Integer> used = ((List<?>) em.createNativeQuery("SELECT SLOT FROM AUDIT_EXPORT_JOB WHERE REALM_ID = ?"
                        + " AND REQUESTED_BY_ID = ? AND SLOT IS NOT NULL FOR UPDATE")
                .setParameter(1, job.getRealmId()).setParameter(2, job.getRequestedById()).getResultList())
                .stream().map(slot -> ((Number) slot).intValue()).toList();
        for (int slot = 1; slot <= slots; slot++) {
            if (!used.contains(slot)) {
                job.setSlot(slot);
                // Created when its slot was seen free, after the job that held it finished: no two jobs' lifetimes
                // that shared a slot overlap.
                job.setCreatedTime(Math.max(job.getCreatedTime(), System.currentTimeMillis()));
                try {
                    em.persist(job);
                    em.flush();
                    return Optional.of(ExportJobs.job(job));
                } catch (PersistenceException | ModelDuplicateException taken) {
                    // Keycloak's entity manager reports the unique index's refusal as a ModelDuplicateException.
                    return Optional.empty();
                } catch (ModelException failed) {
                    // MariaDB may instead pick one of the concurrent inserts into the unique index as a deadlock victim
                    // (SQL state 40001): that request lost the race for the slot like the refused ones.
                    if (isTransactionRollback(failed)) {
                        return Optional.empty();
                    }
                    throw failed;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isTransactionRollback(Throwable failed) {
        for (Throwable t = failed; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("40")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<ExportJob> find(String realmId, String id) {
        AuditExportJobEntity job = em.find(AuditExportJobEntity.class, id);
        return job == null || !job.getRealmId().equals(realmId) ? Optional.empty() : Optional.of(ExportJobs.job(job));
    }

    @Override
    public Optional<ExportJob> get(String id) {
        return Optional.ofNullable(em.find(AuditExportJobEntity.class, id)).map(ExportJobs::job);
    }

    /** Onto the managed row, so the change is written at commit as the same update as before. */
    @Override
    public void update(ExportJob job) {
        AuditExportJobEntity row = em.find(AuditExportJobEntity.class, job.id());
        if (row != null) {
            ExportJobs.entity(job, row);
        }
    }

    @Override
    public List<ExportJob> list(String realmId, String requestedById, int max) {
        TypedQuery<AuditExportJobEntity> query = em.createQuery("select j from AuditExportJobEntity j"
                        + " where j.realmId = :realm" + (requestedById == null ? "" : " and j.requestedById = :user")
                        + " order by j.createdTime desc, j.id desc", AuditExportJobEntity.class)
                .setParameter("realm", realmId);
        if (requestedById != null) {
            query.setParameter("user", requestedById);
        }
        return query.setMaxResults(max).getResultList().stream().map(ExportJobs::job).toList();
    }

    /**
     * Takes a job for this node when it is still in the state the caller saw (pending, or running with a
     * heartbeat no newer than {@code staleBefore}); true when this node got it.
     */
    @Override
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
    @Override
    public boolean progress(String id, String node, long rows, long size, int chunks, long now) {
        return em.createQuery("update AuditExportJobEntity j set j.rowCount = :rows, j.sizeBytes = :size,"
                        + " j.chunks = :chunks, j.heartbeatTime = :now"
                        + " where j.id = :id and j.node = :node and j.status = :running")
                .setParameter("rows", rows).setParameter("size", size).setParameter("chunks", chunks)
                .setParameter("now", now).setParameter("id", id).setParameter("node", node)
                .setParameter("running", RUNNING).executeUpdate() == 1;
    }

    @Override
    public void addChunk(String jobId, int chunkNo, byte[] data) {
        em.persist(new AuditExportChunkEntity(jobId, chunkNo, data));
    }

    /** One chunk of a file, let go of by the persistence context at once so a download holds one at a time. */
    @Override
    public byte[] chunk(String jobId, int chunkNo) {
        AuditExportChunkEntity chunk = em.find(AuditExportChunkEntity.class,
                new AuditExportChunkEntity.Key(jobId, chunkNo));
        if (chunk == null) {
            throw new IllegalStateException("Export " + jobId + " lacks chunk " + chunkNo);
        }
        em.detach(chunk);
        return chunk.getData();
    }

    @Override
    public void deleteChunks(String jobId) {
        em.createQuery("delete from AuditExportChunkEntity c where c.jobId = :job").setParameter("job", jobId)
                .executeUpdate();
    }

    @Override
    public void delete(String jobId) {
        deleteChunks(jobId);
        em.createQuery("delete from AuditExportJobEntity j where j.id = :job").setParameter("job", jobId)
                .executeUpdate();
    }

    /** Jobs nobody is working on: pending or running without a heartbeat since {@code staleBefore}. */
    @Override
    public List<String> abandoned(long staleBefore) {
        return em.createQuery("select j.id from AuditExportJobEntity j where (j.status = :pending"
                        + " and j.createdTime <= :stale) or (j.status = :running and j.heartbeatTime <= :stale)",
                        String.class)
                .setParameter("pending", PENDING).setParameter("running", RUNNING).setParameter("stale", staleBefore)
                .getResultList();
    }

    /** Completed jobs of a realm, oldest first, with the bytes their files hold. */
    @Override
    public List<StoredFile> storedFiles(String realmId) {
        return em.createQuery("select j.id, j.sizeBytes from AuditExportJobEntity j where j.realmId = :realm"
                        + " and j.status = :completed order by j.finishedTime, j.id", Object[].class)
                .setParameter("realm", realmId).setParameter("completed", COMPLETED).getResultList().stream()
                .map(f -> new StoredFile((String) f[0], (Long) f[1])).toList();
    }

    /** Finished jobs whose files have expired. */
    @Override
    public List<String> expired(long now) {
        return em.createQuery("select j.id from AuditExportJobEntity j where j.expiresTime <= :now", String.class)
                .setParameter("now", now).getResultList();
    }

    @Override
    public void deleteRealm(String realmId) {
        for (String id : em.createQuery("select j.id from AuditExportJobEntity j where j.realmId = :realm",
                String.class).setParameter("realm", realmId).getResultList()) {
            delete(id);
        }
    }
}
