package dev.kcaudit.audit.store;

/**
 * One requested export: what it exports ({@code paramsJson}, {@code scopeOrgs}: null for the whole realm), who asked,
 * and where its file stands. {@code slot}: while unfinished, which of its requester's slots it holds; else null.
 */
public record ExportJob(String id, String realmId, String name, String format, String fileName, String paramsJson,
                        String scopeOrgs, String requestedById, String requestedBy, ExportJobStatus status,
                        long rowCount, Long totalRows, long sizeBytes, int chunks, String sha256, String error,
                        int attempts, String node, long createdTime, Long startedTime, Long finishedTime,
                        Long heartbeatTime, Long expiresTime, Integer slot) {

    /** A job just requested, not yet stored. */
    public static ExportJob pending(String id, String realmId, String name, String format, String fileName,
                                    String paramsJson, String scopeOrgs, String requestedById, String requestedBy,
                                    long createdTime) {
        return new ExportJob(id, realmId, name, format, fileName, paramsJson, scopeOrgs, requestedById, requestedBy,
                ExportJobStatus.PENDING, 0, null, 0, 0, null, null, 0, null, createdTime, null, null, null, null, null);
    }

    /** The file is written: it frees its slot and expires at {@code expires}. */
    public ExportJob completed(long size, int chunkCount, String digest, long now, long expires) {
        return new ExportJob(id, realmId, name, format, fileName, paramsJson, scopeOrgs, requestedById, requestedBy,
                ExportJobStatus.COMPLETED, rowCount, totalRows, size, chunkCount, digest, error, attempts, node,
                createdTime, startedTime, now, now, expires, null);
    }

    /** The job failed for {@code why}: it frees its slot and is listed until {@code expires}. */
    public ExportJob failed(String why, long now, long expires) {
        return new ExportJob(id, realmId, name, format, fileName, paramsJson, scopeOrgs, requestedById, requestedBy,
                ExportJobStatus.FAILED, rowCount, totalRows, sizeBytes, chunks, sha256, why, attempts, node,
                createdTime, startedTime, now, heartbeatTime, expires, null);
    }

    public ExportJob withTotalRows(long total) {
        return new ExportJob(id, realmId, name, format, fileName, paramsJson, scopeOrgs, requestedById, requestedBy,
                status, rowCount, total, sizeBytes, chunks, sha256, error, attempts, node, createdTime, startedTime,
                finishedTime, heartbeatTime, expiresTime, slot);
    }
}
