package dev.kcaudit.audit.store;

import dev.kcaudit.audit.model.AuditEntry;
import java.util.List;
import java.util.Optional;
import org.keycloak.provider.Provider;

/** Where audit entries live. The REST layer depends on this interface only. */
public interface AuditStore extends Provider {

    /** Adds the entry to the current transaction: it commits or rolls back with the change it audits. */
    void save(AuditEntry entry);

    /** The newest entries of a realm, newest first. */
    List<AuditEntry> newest(String realmId, int max);

    Optional<AuditEntry> get(String realmId, String id);

    /** The last recorded (redacted) JSON state of a resource, if any: what an update is diffed against. */
    Optional<String> resourceState(String realmId, String resourceType, String resourceId);

    /** Records the resource's state; {@code null} forgets it (the resource was deleted). */
    void saveResourceState(String realmId, String resourceType, String resourceId, String json);

    /** Deletes every entry of a realm (the realm itself is being removed). */
    void deleteRealm(String realmId);
}
