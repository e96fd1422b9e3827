package dev.kcaudit.audit.api.representation;

import dev.kcaudit.audit.store.jpa.entity.AuditExportJobEntity;
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

    public static ExportJobRepresentation of(AuditExportJobEntity job, Map<String, List<String>> filters) {
        return new ExportJobRepresentation(job.getId(), job.getName(), job.getFormat(), job.getFileName(), filters,
                job.getRequestedById(), job.getRequestedBy(), job.getStatus(), job.getRowCount(), job.getTotalRows(),
                progress(job), job.getSizeBytes(), job.getSha256(), job.getError(), job.getAttempts(),
                job.getCreatedTime(), job.getStartedTime(), job.getFinishedTime(), job.getExpiresTime());
    }

    private static int progress(AuditExportJobEntity job) {
        if ("Completed".equals(job.getStatus())) {
            return 100;
        }
        Long total = job.getTotalRows();
        if (total == null || total == 0) {
            return 0;
        }
        return (int) Math.min(99, job.getRowCount() * 100 / total);
    }
}
