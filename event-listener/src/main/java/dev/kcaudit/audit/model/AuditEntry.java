package dev.kcaudit.audit.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

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

    /**
     * What the entry is tagged with for scoped reads: its organizations' ids and its teams' ids (group and organization
     * ids are both Keycloak UUIDs, so one tag table holds both).
     */
    public List<String> scopeTags() {
        return scopeTags(organizations);
    }

    public static List<String> scopeTags(List<OrganizationRef> organizations) {
        return organizations.stream().flatMap(o -> Stream.concat(Stream.of(o.id()),
                o.teams().stream().map(TeamRef::id))).distinct().toList();
    }

    public Category category() {
        return action.category();
    }

    /**
     * The entry as a reader limited to some organizations or teams sees it: only those of its organizations and teams,
     * and no place in the realm-wide chain (its sequence numbers would tell how much happens in the realm outside
     * their scope). {@code scope} null: the whole realm, the entry as it is.
     */
    public AuditEntry seenBy(Set<String> scope) {
        if (scope == null) {
            return this;
        }
        List<OrganizationRef> theirs = organizations.stream().map(o -> o.seenBy(scope)).filter(Objects::nonNull)
                .toList();
        return new AuditEntry(id, time, realmId, theirs, action, outcome, actor, resource, changes, ipAddress,
                sessionId, source, details, origin, null);
    }
}
