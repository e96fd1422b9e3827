package dev.kcaudit.audit.store.jpa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * Table AUDIT_ENTRY_ORG: one row per (entry, organization). Realm and time are copied in so that an organization
 * admin's newest-first page is one index range scan.
 */
@Entity
@Table(name = "AUDIT_ENTRY_ORG")
@IdClass(AuditEntryOrgEntity.Key.class)
public class AuditEntryOrgEntity {

    @Id
    @Column(name = "ENTRY_ID", length = 36)
    private String entryId;

    @Id
    @Column(name = "ORG_ID", length = 36)
    private String orgId;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    @Column(name = "EVENT_TIME", nullable = false)
    private long time;

    public AuditEntryOrgEntity() {
    }

    public AuditEntryOrgEntity(String entryId, String orgId, String realmId, long time) {
        this.entryId = entryId;
        this.orgId = orgId;
        this.realmId = realmId;
        this.time = time;
    }

    public String getEntryId() { return entryId; }
    public String getOrgId() { return orgId; }
    public String getRealmId() { return realmId; }
    public long getTime() { return time; }

    public static class Key implements Serializable {
        private String entryId;
        private String orgId;

        public Key() {
        }

        public Key(String entryId, String orgId) {
            this.entryId = entryId;
            this.orgId = orgId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(entryId, k.entryId) && Objects.equals(orgId, k.orgId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(entryId, orgId);
        }
    }
}
