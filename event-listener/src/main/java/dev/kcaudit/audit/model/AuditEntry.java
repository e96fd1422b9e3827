package dev.kcaudit.audit.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One audit log entry: the domain record every layer speaks in (entities never leave the JPA store).
 * {@code details} holds redacted, JSON-compatible values only; {@code integrity} is null until the entry is chained.
 */
public record AuditEntry(
        String id,
        long time,
        String realmId,
        List<OrganizationRef> organizations,
        AuditAction action,
        Outcome outcome,
        Actor actor,
        Resource resource,
        List<Change> changes,
        String ipAddress,
        String sessionId,
        Source source,
        Map<String, Object> details,
        Origin origin,
        Integrity integrity) {

    /** A new entry: not yet in the chain. */
    public AuditEntry(String id, long time, String realmId, List<OrganizationRef> organizations, AuditAction action,
                      Outcome outcome, Actor actor, Resource resource, List<Change> changes, String ipAddress,
                      String sessionId, Source source, Map<String, Object> details) {
        this(id, time, realmId, organizations, action, outcome, actor, resource, changes, ipAddress, sessionId, source,
                details, null, null);
    }

    public AuditEntry {
        organizations = organizations == null ? List.of() : List.copyOf(organizations);
        changes = changes == null ? List.of() : List.copyOf(changes);
        details = details == null ? Map.of() : details;
        origin = origin == null || origin.isEmpty() ? null : origin;
    }

    /** This entry with where and on what its request came (capture adds it just before saving). */
    public AuditEntry withOrigin(Origin newOrigin) {
        return new AuditEntry(id, time, realmId, organizations, action, outcome, actor, resource, changes, ipAddress,
                sessionId, source, details, newOrigin, integrity);
    }

    public Category category() {
        return action.category();
    }

    /**
     * The entry as a reader limited to some organizations sees it: only those of its organizations, and no place in
     * the realm-wide chain (its sequence numbers would tell how much happens in the realm outside their scope).
     * {@code scopeOrganizations} null: the whole realm, the entry as it is.
     */
    public AuditEntry seenBy(Set<String> scopeOrganizations) {
        if (scopeOrganizations == null) {
            return this;
        }
        List<OrganizationRef> theirs = organizations.stream().filter(o -> scopeOrganizations.contains(o.id())).toList();
        return new AuditEntry(id, time, realmId, theirs, action, outcome, actor, resource, changes, ipAddress,
                sessionId, source, details, origin, null);
    }
}
