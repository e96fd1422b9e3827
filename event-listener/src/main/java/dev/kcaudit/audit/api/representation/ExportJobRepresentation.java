package dev.kcaudit.audit.api.representation;

import dev.kcaudit.audit.store.ExportJob;
import dev.kcaudit.audit.store.ExportJobStatus;
import java.util.List;
import java.util.Map;

/**
 * One export job as the API shows it.
 *
 * @param filters  the query it exports, with the date range fixed when it was requested
 * @param progress percent of the matching rows written (100 once Completed)
 * @param sha256   the file's SHA-256, once Completed
 */
public record ExportJobRepresentation(String id, String name, String format, String fileName,
                                      Map<String, List<String>> filters, String requestedById, String requestedBy,
                                      String status, long rowCount, Long totalRows, int progress, long sizeBytes,
                                      String sha256, String error, int attempts, long createdTime, Long startedTime,
                                      Long finishedTime, Long expiresTime) {

    public static ExportJobRepresentation of(ExportJob job, Map<String, List<String>> filters) {
        return new ExportJobRepresentation(job.id(), job.name(), job.format(), job.fileName(), filters,
                job.requestedById(), job.requestedBy(), job.status().label(), job.rowCount(), job.totalRows(),
                progress(job), job.sizeBytes(), job.sha256(), job.error(), job.attempts(),
                job.createdTime(), job.startedTime(), job.finishedTime(), job.expiresTime());
    }

    private static int progress(ExportJob job) {
        if (job.status() == ExportJobStatus.COMPLETED) {
            return 100;
        }
        Long total = job.totalRows();
        if (total == null || total == 0) {
            return 0;
        }
        return (int) Math.min(99, job.rowCount() * 100 / total);
    }
}
