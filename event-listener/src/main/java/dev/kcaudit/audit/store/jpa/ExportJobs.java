package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.store.ExportJob;
import dev.kcaudit.audit.store.ExportJobStatus;
import dev.kcaudit.audit.store.jpa.entity.AuditExportJobEntity;

/** Export jobs between their record and their row. */
final class ExportJobs {

    private ExportJobs() {
    }

    static ExportJob job(AuditExportJobEntity e) {
        return new ExportJob(e.getId(), e.getRealmId(), e.getName(), e.getFormat(), e.getFileName(), e.getParamsJson(),
                e.getScopeOrgs(), e.getRequestedById(), e.getRequestedBy(), ExportJobStatus.of(e.getStatus()),
                e.getRowCount(), e.getTotalRows(), e.getSizeBytes(), e.getChunks(), e.getSha256(), e.getError(),
                e.getAttempts(), e.getNode(), e.getCreatedTime(), e.getStartedTime(), e.getFinishedTime(),
                e.getHeartbeatTime(), e.getExpiresTime(), e.getSlot());
    }

    /**
     * Copies the job onto a row. On a managed row only what changed differs from what was loaded, so the update
     * Hibernate writes is the one a change of those fields alone would write.
     */
    static AuditExportJobEntity entity(ExportJob j, AuditExportJobEntity e) {
        if (e.getId() == null) {
            e.setId(j.id());
        }
        e.setRealmId(j.realmId());
        e.setName(j.name());
        e.setFormat(j.format());
        e.setFileName(j.fileName());
        e.setParamsJson(j.paramsJson());
        e.setScopeOrgs(j.scopeOrgs());
        e.setRequestedById(j.requestedById());
        e.setRequestedBy(j.requestedBy());
        e.setStatus(j.status().label());
        e.setRowCount(j.rowCount());
        e.setTotalRows(j.totalRows());
        e.setSizeBytes(j.sizeBytes());
        e.setChunks(j.chunks());
        e.setSha256(j.sha256());
        e.setError(j.error());
        e.setAttempts(j.attempts());
        e.setNode(j.node());
        e.setCreatedTime(j.createdTime());
        e.setStartedTime(j.startedTime());
        e.setFinishedTime(j.finishedTime());
        e.setHeartbeatTime(j.heartbeatTime());
        e.setExpiresTime(j.expiresTime());
        e.setSlot(j.slot());
        return e;
    }
}
