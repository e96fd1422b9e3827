package dev.kcaudit.audit.store.jpa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** Table AUDIT_EXPORT_CHUNK: one slice of an export job's file, written and read one at a time. */
@Entity
@Table(name = "AUDIT_EXPORT_CHUNK")
@IdClass(AuditExportChunkEntity.Key.class)
public class AuditExportChunkEntity {

    @Id
    @Column(name = "JOB_ID", length = 36)
    private String jobId;

    @Id
    @Column(name = "CHUNK_NO")
    private int chunkNo;

    @Column(name = "DATA", nullable = false)
    private byte[] data;

    public AuditExportChunkEntity() {
    }

    public AuditExportChunkEntity(String jobId, int chunkNo, byte[] data) {
        this.jobId = jobId;
        this.chunkNo = chunkNo;
        this.data = data;
    }

    public byte[] getData() { return data; }

    public static class Key implements Serializable {
        private String jobId;
        private int chunkNo;

        public Key() {
        }

        public Key(String jobId, int chunkNo) {
            this.jobId = jobId;
            this.chunkNo = chunkNo;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.chunkNo == chunkNo && Objects.equals(k.jobId, jobId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, chunkNo);
        }
    }
}
