package dev.kcaudit.audit.export.job;

import static dev.kcaudit.audit.export.job.ExportJobRunner.jobs;

import dev.kcaudit.audit.config.AuditConfig;
import dev.kcaudit.audit.export.EntryExport;
import dev.kcaudit.audit.export.EntryWriter;
import dev.kcaudit.audit.export.ExportRequest;
import dev.kcaudit.audit.integrity.Sealer;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.query.Params;
import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.store.ExportJob;
import dev.kcaudit.audit.view.EntryRepresentation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.Function;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * One run's file of an export job ({@link ExportJobRunner}): the job's request parsed again, its total counted, its
 * entries written through the format's writer into database chunks, with progress saved as the heartbeat.
 */
final class JobFile {

    private static final long HEARTBEAT_MS = 5_000;
    private static final long COUNT_LIMIT = 100_000_000L;

    private final KeycloakSessionFactory factory;
    private final String node;

    JobFile(KeycloakSessionFactory factory, String node) {
        this.factory = factory;
        this.node = node;
    }

    /** Writes the job's file, reading in the caller's transaction; chunks and progress commit on their own. */
    ChunkedOutputStream write(KeycloakSession s, String jobId) {
        ExportJob job = jobs(s).get(jobId).orElseThrow(Cancelled::new);
        RealmModel realm = s.realms().getRealm(job.realmId());
        ExportRequest parsed = ExportRequest.parse(new Params(ExportJobParams.params(job), ExportRequest.PARAMS),
                realm.getId(), realm.getName(), ExportJobParams.scope(job), job.createdTime(), Locale.ENGLISH);
        ExportRequest request = ExportJobParams.scope(job) != null ? parsed
                : Sealer.latestDigest(s, realm).map(parsed::withSealDigest).orElse(parsed);
        AuditStore store = s.getProvider(AuditStore.class);
        long total = store.count(request.query().filter(), COUNT_LIMIT);
        inTransaction(t -> {
            jobs(t).get(jobId).ifPresent(j -> jobs(t).update(j.withTotalRows(total)));
            return null;
        });
        Progress progress = new Progress(jobId);
        long cap = capOf(s, realm.getId());
        ChunkedOutputStream file = new ChunkedOutputStream(ExportJobRunner.CHUNK_SIZE, (no, data) -> {
            progress.chunks = no + 1;
            progress.size += data.length;
            StorageCap.check(progress.size, cap);
            inTransaction(t -> {
                jobs(t).addChunk(jobId, no, data);
                return null;
            });
            progress.beat(true);
        });
        Function<AuditEntry, Object> json =
                e -> EntryRepresentation.of(e, realm.getName(), true, request.messages());
        try (EntryWriter writer = request.format().open(file, request.options(), request.report(), json,
                request.messages())) {
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

    /** The realm's cap on stored export files, in bytes. */
    static long capOf(KeycloakSession s, String realmId) {
        RealmModel realm = s.realms().getRealm(realmId);
        return realm == null ? AuditConfig.DEFAULT_EXPORT_STORAGE_MAX_BYTES
                : AuditConfig.of(realm).exportStorageMaxBytes();
    }

    private <T> T inTransaction(Function<KeycloakSession, T> work) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, work::apply);
    }

    /** The job was deleted or taken over by another node: stop quietly. */
    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super(null, null, false, false);
        }
    }
}
