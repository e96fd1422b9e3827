package dev.kcaudit.audit.export.job;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.kcaudit.audit.api.query.Params;
import dev.kcaudit.audit.api.representation.EntryRepresentation;
import dev.kcaudit.audit.config.AuditConfig;
import dev.kcaudit.audit.export.EntryExport;
import dev.kcaudit.audit.export.EntryWriter;
import dev.kcaudit.audit.export.ExportRequest;
import dev.kcaudit.audit.integrity.Sealer;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.store.jpa.JpaExportJobStore;
import dev.kcaudit.audit.store.jpa.entity.AuditExportJobEntity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.util.JsonSerialization;

/**
 * Runs export jobs on this node, in the background. A job is claimed with a conditional update, written into
 * database chunks of {@value #CHUNK_SIZE} bytes (each in a short transaction of its own) while a heartbeat says
 * the node is alive, and finished as Completed or Failed. A job whose node died is claimed again by another
 * node (or this one after a restart) and starts over, at most {@value #MAX_ATTEMPTS} times, then fails visibly.
 */
public final class ExportJobRunner {

    public static final int CHUNK_SIZE = 60_000;
    public static final int MAX_ATTEMPTS = 3;
    private static final long HEARTBEAT_MS = 5_000;
    private static final long COUNT_LIMIT = 100_000_000L;
    private static final Logger LOG = Logger.getLogger(ExportJobRunner.class);

    private final KeycloakSessionFactory factory;
    private final String node;
    private final long staleAfterMs;
    private final ExecutorService pool;

    public ExportJobRunner(KeycloakSessionFactory factory, String node, long staleAfterMs, int threads) {
        this.factory = factory;
        this.node = node;
        this.staleAfterMs = staleAfterMs;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "audit-log-export");
            t.setDaemon(true);
            return t;
        });
    }

    public void submit(String jobId) {
        pool.execute(() -> {
            try {
                run(jobId);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Export job %s could not run", jobId);
            }
        });
    }

    /** Offers this node every job whose node stopped beating, and drops files past their expiry. */
    public void maintain(KeycloakSession session) {
        long now = System.currentTimeMillis();
        JpaExportJobStore jobs = jobs(session);
        for (String id : jobs.expired(now)) {
            jobs.delete(id);
        }
        jobs.abandoned(now - staleAfterMs).forEach(this::submit);
    }

    public void shutdown() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void run(String jobId) {
        if (!claim(jobId)) {
            return;
        }
        try {
            ChunkedOutputStream file = produce(jobId);
            inTransaction(s -> {
                jobs(s).get(jobId).ifPresent(job -> {
                    if (node.equals(job.getNode())) {
                        long now = System.currentTimeMillis();
                        job.setStatus(JpaExportJobStore.COMPLETED);
                        job.setSlot(null);
                        job.setSizeBytes(file.size());
                        job.setChunks(file.chunks());
                        job.setSha256(file.sha256());
                        job.setFinishedTime(now);
                        job.setHeartbeatTime(now);
                        job.setExpiresTime(now + fileDays(s, job) * 86_400_000L);
                    }
                });
                return null;
            });
            inTransaction(s -> {
                jobs(s).get(jobId).ifPresent(job -> StorageCap.makeRoom(jobs(s), job.getRealmId(),
                        capOf(s, job.getRealmId())));
                return null;
            });
        } catch (Cancelled e) {
            inTransaction(s -> {
                if (jobs(s).get(jobId).isEmpty()) {
                    jobs(s).deleteChunks(jobId);
                }
                return null;
            });
        } catch (StorageCap.TooLarge e) {
            fail(jobId, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf(e, "Export job %s failed", jobId);
            fail(jobId, "The export failed: " + e.getClass().getSimpleName());
        }
    }

    /** Takes the job for this node, or fails it when it has been interrupted too often. */
    private boolean claim(String jobId) {
        return inTransaction(s -> {
            long now = System.currentTimeMillis();
            AuditExportJobEntity job = jobs(s).get(jobId).orElse(null);
            if (job == null) {
                return false;
            }
            boolean stale = JpaExportJobStore.RUNNING.equals(job.getStatus())
                    && job.getHeartbeatTime() != null && job.getHeartbeatTime() <= now - staleAfterMs;
            if (stale && job.getAttempts() >= MAX_ATTEMPTS) {
                job.setStatus(JpaExportJobStore.FAILED);
                job.setSlot(null);
                job.setError("Interrupted " + job.getAttempts() + " times (the node running it stopped); "
                        + "request the export again");
                job.setFinishedTime(now);
                job.setExpiresTime(now + fileDays(s, job) * 86_400_000L);
                jobs(s).deleteChunks(jobId);
                return false;
            }
            if (!jobs(s).claim(jobId, node, now, now - staleAfterMs)) {
                return false;
            }
            jobs(s).deleteChunks(jobId);
            return true;
        });
    }

    /** Writes the file: entries are read in one transaction, chunks and progress are saved in their own. */
    private ChunkedOutputStream produce(String jobId) {
        return inTransaction(s -> {
            AuditExportJobEntity job = jobs(s).get(jobId).orElseThrow(Cancelled::new);
            RealmModel realm = s.realms().getRealm(job.getRealmId());
            ExportRequest parsed = ExportRequest.parse(new Params(params(job), ExportRequest.PARAMS),
                    realm.getId(), realm.getName(), scope(job), job.getCreatedTime());
            ExportRequest request = scope(job) != null ? parsed
                    : Sealer.latestDigest(s, realm).map(parsed::withSealDigest).orElse(parsed);
            AuditStore store = s.getProvider(AuditStore.class);
            long total = store.count(request.query().filter(), COUNT_LIMIT);
            inTransaction(t -> {
                jobs(t).get(jobId).ifPresent(j -> j.setTotalRows(total));
                return null;
            });
            Progress progress = new Progress(jobId);
            long cap = capOf(s, realm.getId());
            ChunkedOutputStream file = new ChunkedOutputStream(CHUNK_SIZE, (no, data) -> {
                progress.chunks = no + 1;
                progress.size += data.length;
                StorageCap.check(progress.size, cap);
                inTransaction(t -> {
                    jobs(t).addChunk(jobId, no, data);
                    return null;
                });
                progress.beat(true);
            });
            Function<AuditEntry, Object> json = e -> EntryRepresentation.of(e, realm.getName(), true);
            try (EntryWriter writer = request.format().open(file, request.options(), request.report(), json)) {
                EntryExport.write(store, request.query().filter(), request.query().page(), writer, rows -> {
                    progress.rows = rows;
                    progress.beat(false);
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                file.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            progress.beat(true);
            return file;
        });
    }

    /** Progress as it goes; each save doubles as the heartbeat, and finding the job gone cancels the run. */
    private final class Progress {
        final String jobId;
        long rows;
        long size;
        int chunks;
        long lastBeat = System.currentTimeMillis();

        Progress(String jobId) {
            this.jobId = jobId;
        }

        void beat(boolean now) {
            long time = System.currentTimeMillis();
            if (!now && time - lastBeat < HEARTBEAT_MS) {
                return;
            }
            lastBeat = time;
            boolean ours = inTransaction(t -> jobs(t).progress(jobId, node, rows, size, chunks, time));
            if (!ours) {
                throw new Cancelled();
            }
        }
    }

    private void fail(String jobId, String error) {
        inTransaction(s -> {
            jobs(s).get(jobId).ifPresent(job -> {
                long now = System.currentTimeMillis();
                job.setStatus(JpaExportJobStore.FAILED);
                job.setSlot(null);
                job.setError(error);
                job.setFinishedTime(now);
                job.setExpiresTime(now + fileDays(s, job) * 86_400_000L);
                jobs(s).deleteChunks(jobId);
            });
            return null;
        });
    }

    private static long capOf(KeycloakSession s, String realmId) {
        RealmModel realm = s.realms().getRealm(realmId);
        return realm == null ? AuditConfig.DEFAULT_EXPORT_STORAGE_MAX_BYTES : AuditConfig.of(realm).exportStorageMaxBytes();
    }

    private static int fileDays(KeycloakSession s, AuditExportJobEntity job) {
        RealmModel realm = s.realms().getRealm(job.getRealmId());
        return realm == null ? AuditConfig.DEFAULT_EXPORT_FILE_DAYS : AuditConfig.of(realm).exportFileDays();
    }

    public static Map<String, List<String>> params(AuditExportJobEntity job) {
        try {
            return JsonSerialization.readValue(job.getParamsJson(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The organizations the requester could read when asking; null for the whole realm. */
    public static Set<String> scope(AuditExportJobEntity job) {
        if (job.getScopeOrgs() == null) {
            return null;
        }
        try {
            return JsonSerialization.readValue(job.getScopeOrgs(), new TypeReference<Set<String>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T inTransaction(Function<KeycloakSession, T> work) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, work::apply);
    }

    public static JpaExportJobStore jobs(KeycloakSession session) {
        return new JpaExportJobStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    /** The job was deleted or taken over by another node: stop quietly. */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super(null, null, false, false);
        }
    }
}
