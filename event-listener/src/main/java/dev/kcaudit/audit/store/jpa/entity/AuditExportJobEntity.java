package dev.kcaudit.audit.store.jpa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Table AUDIT_EXPORT_JOB: one requested export, its state and where its file stands. */
@Entity
@Table(name = "AUDIT_EXPORT_JOB")
public class AuditExportJobEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;
    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;
    @Column(name = "NAME", nullable = false)
    private String name;
    @Column(name = "FORMAT", nullable = false, length = 16)
    private String format;
    @Column(name = "FILE_NAME", nullable = false)
    private String fileName;
    @Column(name = "PARAMS_JSON", nullable = false)
    private String paramsJson;
    @Column(name = "SCOPE_ORGS")
    private String scopeOrgs;
    @Column(name = "REQUESTED_BY_ID")
    private String requestedById;
    @Column(name = "REQUESTED_BY")
    private String requestedBy;
    @Column(name = "STATUS", nullable = false, length = 16)
    private String status;
    @Column(name = "ROW_COUNT", nullable = false)
    private long rowCount;
    @Column(name = "TOTAL_ROWS")
    private Long totalRows;
    @Column(name = "SIZE_BYTES", nullable = false)
    private long sizeBytes;
    @Column(name = "CHUNKS", nullable = false)
    private int chunks;
    @Column(name = "SHA256", length = 64)
    private String sha256;
    @Column(name = "ERROR", length = 1000)
    private String error;
    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;
    @Column(name = "NODE")
    private String node;
    @Column(name = "CREATED_TIME", nullable = false)
    private long createdTime;
    @Column(name = "STARTED_TIME")
    private Long startedTime;
    @Column(name = "FINISHED_TIME")
    private Long finishedTime;
    @Column(name = "HEARTBEAT_TIME")
    private Long heartbeatTime;
    @Column(name = "EXPIRES_TIME")
    private Long expiresTime;
    /** While unfinished: which of its requester's slots it holds (see the 2026-12-03-trust changelog); else null. */
    @Column(name = "SLOT")
    private Integer slot;

    public Integer getSlot() { return slot; }
    public void setSlot(Integer slot) { this.slot = slot; }

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getFormat() { return format; }
    public void setFormat(String format) { this.format = format; }
    public String getFileName() { return fileName; }
    public void setFileName(String fileName) { this.fileName = fileName; }
    public String getParamsJson() { return paramsJson; }
    public void setParamsJson(String paramsJson) { this.paramsJson = paramsJson; }
    public String getScopeOrgs() { return scopeOrgs; }
    public void setScopeOrgs(String scopeOrgs) { this.scopeOrgs = scopeOrgs; }
    public String getRequestedById() { return requestedById; }
    public void setRequestedById(String requestedById) { this.requestedById = requestedById; }
    public String getRequestedBy() { return requestedBy; }
    public void setRequestedBy(String requestedBy) { this.requestedBy = requestedBy; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public long getRowCount() { return rowCount; }
    public void setRowCount(long rowCount) { this.rowCount = rowCount; }
    public Long getTotalRows() { return totalRows; }
    public void setTotalRows(Long totalRows) { this.totalRows = totalRows; }
    public long getSizeBytes() { return sizeBytes; }
    public void setSizeBytes(long sizeBytes) { this.sizeBytes = sizeBytes; }
    public int getChunks() { return chunks; }
    public void setChunks(int chunks) { this.chunks = chunks; }
    public String getSha256() { return sha256; }
    public void setSha256(String sha256) { this.sha256 = sha256; }
    public String getError() { return error; }
    public void setError(String error) { this.error = error; }
    public int getAttempts() { return attempts; }
    public void setAttempts(int attempts) { this.attempts = attempts; }
    public String getNode() { return node; }
    public void setNode(String node) { this.node = node; }
    public long getCreatedTime() { return createdTime; }
    public void setCreatedTime(long createdTime) { this.createdTime = createdTime; }
    public Long getStartedTime() { return startedTime; }
    public void setStartedTime(Long startedTime) { this.startedTime = startedTime; }
    public Long getFinishedTime() { return finishedTime; }
    public void setFinishedTime(Long finishedTime) { this.finishedTime = finishedTime; }
    public Long getHeartbeatTime() { return heartbeatTime; }
    public void setHeartbeatTime(Long heartbeatTime) { this.heartbeatTime = heartbeatTime; }
    public Long getExpiresTime() { return expiresTime; }
    public void setExpiresTime(Long expiresTime) { this.expiresTime = expiresTime; }
}
