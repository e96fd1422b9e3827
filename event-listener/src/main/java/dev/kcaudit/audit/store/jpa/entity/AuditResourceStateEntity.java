package dev.kcaudit.audit.store.jpa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** Table AUDIT_RESOURCE_STATE: the last redacted representation of a resource, to diff the next update. */
@Entity
@Table(name = "AUDIT_RESOURCE_STATE")
@IdClass(AuditResourceStateEntity.Key.class)
public class AuditResourceStateEntity {

    @Id
    @Column(name = "REALM_ID", length = 36)
    private String realmId;

    @Id
    @Column(name = "RESOURCE_TYPE", length = 64)
    private String resourceType;

    @Id
    @Column(name = "RESOURCE_ID")
    private String resourceId;

    @Column(name = "UPDATED_TIME", nullable = false)
    private long updatedTime;

    @Column(name = "STATE_JSON")
    private String stateJson;

    public AuditResourceStateEntity() {
    }

    public AuditResourceStateEntity(String realmId, String resourceType, String resourceId) {
        this.realmId = realmId;
        this.resourceType = resourceType;
        this.resourceId = resourceId;
    }

    public String getStateJson() { return stateJson; }
    public void setStateJson(String stateJson) { this.stateJson = stateJson; }
    public void setUpdatedTime(long updatedTime) { this.updatedTime = updatedTime; }

    public static class Key implements Serializable {
        private String realmId;
        private String resourceType;
        private String resourceId;

        public Key() {
        }

        public Key(String realmId, String resourceType, String resourceId) {
            this.realmId = realmId;
            this.resourceType = resourceType;
            this.resourceId = resourceId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(realmId, k.realmId)
                    && Objects.equals(resourceType, k.resourceType) && Objects.equals(resourceId, k.resourceId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(realmId, resourceType, resourceId);
        }
    }
}
