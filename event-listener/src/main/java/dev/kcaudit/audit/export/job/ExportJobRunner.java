package dev.kcaudit.audit.export.job;

import dev.kcaudit.audit.config.AuditConfig;
import dev.kcaudit.audit.store.ExportJob;
import dev.kcaudit.audit.store.ExportJobStatus;
import dev.kcaudit.audit.store.ExportJobStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Runs export jobs on this node, in the background. A job is claimed with a conditional update, written into
 * database chunks of {@value #CHUNK_SIZE} bytes (each in a short transaction of its own) while a heartbeat says
 * the node is alive, and finished as Completed or Failed. A job whose node died is claimed again by another
 * node (or this one after a restart) and starts over, at most {@value #MAX_ATTEMPTS} times, then fails visibly.
 */
public final class ExportJobRunner {

    public static final int CHUNK_SIZE = 60_000;
    public static final int MAX_ATTEMPTS = 3;
    /** Six hours: a job over a hundred million entries at the rate measured in docs/benchmarks.md. */
    private static final int READ_TIMEOUT_SECONDS = 6 * 3600;
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
        ExportJobStore jobs = jobs(session);
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
                    if (node.equals(job.node())) {
                        long now = System.currentTimeMillis();
                        jobs(s).update(job.completed(file.size(), file.chunks(), file.sha256(), now,
                                now + fileDays(s, job) * 86_400_000L));
                    }
                });
                return null;
            });
            inTransaction(s -> {
                jobs(s).get(jobId).ifPresent(job -> StorageCap.makeRoom(jobs(s), job.realmId(),
                        JobFile.capOf(s, job.realmId())));
                return null;
            });
        } catch (JobFile.Cancelled e) {
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
            ExportJob job = jobs(s).get(jobId).orElse(null);
            if (job == null) {
                return false;
            }
            boolean stale = job.status() == ExportJobStatus.RUNNING
                    && job.heartbeatTime() != null && job.heartbeatTime() <= now - staleAfterMs;
            if (stale && job.attempts() >= MAX_ATTEMPTS) {
                jobs(s).update(job.failed("Interrupted " + job.attempts() + " times (the node running it stopped); "
                        + "request the export again", now, now + fileDays(s, job) * 86_400_000L));
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

    /**
     * Writes the file: entries are read in one transaction, chunks and progress are saved in their own. The read may
     * take longer than Keycloak's default transaction timeout (a large job on a busy two-core machine did, see
     * docs/benchmarks.md), so it gets {@value #READ_TIMEOUT_SECONDS} s of its own.
     */
    private ChunkedOutputStream produce(String jobId) {
        ChunkedOutputStream[] made = new ChunkedOutputStream[1];
        JobFile file = new JobFile(factory, node);
        KeycloakModelUtils.runJobInTransactionWithTimeout(factory, s -> made[0] = file.write(s, jobId),
                READ_TIMEOUT_SECONDS);
        return made[0];
    }

    private void fail(String jobId, String error) {
        inTransaction(s -> {
            jobs(s).get(jobId).ifPresent(job -> {
                long now = System.currentTimeMillis();
                jobs(s).update(job.failed(error, now, now + fileDays(s, job) * 86_400_000L));
                jobs(s).deleteChunks(jobId);
            });
            return null;
        });
    }

    private static int fileDays(KeycloakSession s, ExportJob job) {
        RealmModel realm = s.realms().getRealm(job.realmId());
        return realm == null ? AuditConfig.DEFAULT_EXPORT_FILE_DAYS : AuditConfig.of(realm).exportFileDays();
    }

    private <T> T inTransaction(Function<KeycloakSession, T> work) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, work::apply);
    }

    public static ExportJobStore jobs(KeycloakSession session) {
        return session.getProvider(ExportJobStore.class);
    }
}
