package dev.kcaudit.audit.model;

import java.util.List;
import java.util.Map;

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
        Integrity integrity) {

    /** A new entry: not yet in the chain. */
    public AuditEntry(String id, long time, String realmId, List<OrganizationRef> organizations, AuditAction action,
                      Outcome outcome, Actor actor, Resource resource, List<Change> changes, String ipAddress,
                      String sessionId, Source source, Map<String, Object> details) {
        this(id, time, realmId, organizations, action, outcome, actor, resource, changes, ipAddress, sessionId, source,
                details, null);
    }

    public AuditEntry {
        organizations = organizations == null ? List.of() : List.copyOf(organizations);
        changes = changes == null ? List.of() : List.copyOf(changes);
        details = details == null ? Map.of() : details;
    }

    public Category category() {
        return action.category();
    }
}
