package dev.kcaudit.audit.capture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.capture.AdminEventClassifier.Classification;
import dev.kcaudit.audit.config.AuditConfig;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.Change;
import dev.kcaudit.audit.redaction.Redactor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.events.admin.AdminEvent;

/**
 * Pure: what an admin event says beyond its classification ({@link AdminEventEntries}): the more precise action of a
 * user update, the further entries the event stands for, the roles it grants, its details, and whether its path is a
 * whole resource.
 */
final class AdminEventFacts {

    private AdminEventFacts() {
    }

    /** A user update that only flips {@code enabled} or sets required actions is that, more precisely. */
    static AuditAction refine(AuditAction action, List<Change> changes) {
        if (action != AuditAction.USER_UPDATED) {
            return action;
        }
        for (Change ch : changes) {
            if (ch.field().equals("enabled")) {
                return "true".equals(ch.newValue()) ? AuditAction.USER_ENABLED : AuditAction.USER_DISABLED;
            }
        }
        boolean requiredActionsOnly = !changes.isEmpty()
                && changes.stream().allMatch(ch -> ch.field().equals("requiredActions"));
        return requiredActionsOnly ? AuditAction.REQUIRED_ACTION_SET : action;
    }

    /** The extra entries one admin event stands for. */
    static List<AuditAction> derived(AdminEvent event, Classification c, JsonNode rep, JsonNode previous,
                                             List<Change> changes) {
        List<AuditAction> extra = new ArrayList<>();
        if (c.action() == AuditAction.CLIENT_CREATED && rep != null && rep.path("serviceAccountsEnabled").asBoolean()) {
            extra.add(AuditAction.SERVICE_ACCOUNT_CREATED);
        }
        if (c.action() == AuditAction.CLIENT_DELETED && previous != null
                && previous.path("serviceAccountsEnabled").asBoolean()) {
            extra.add(AuditAction.SERVICE_ACCOUNT_DELETED);
        }
        for (Change ch : changes) {
            if (c.action() == AuditAction.CLIENT_UPDATED && ch.field().equals("serviceAccountsEnabled")) {
                extra.add("true".equals(ch.newValue())
                        ? AuditAction.SERVICE_ACCOUNT_CREATED : AuditAction.SERVICE_ACCOUNT_DELETED);
            }
            if (c.action() == AuditAction.ORG_UPDATED && ch.field().equals("domains")) {
                Set<String> before = Json.domainNames(ch.oldValue());
                Set<String> after = Json.domainNames(ch.newValue());
                if (!before.containsAll(after)) {
                    extra.add(AuditAction.ORG_DOMAIN_ADDED);
                }
                if (!after.containsAll(before)) {
                    extra.add(AuditAction.ORG_DOMAIN_REMOVED);
                }
            }
        }
        return extra;
    }

    /** Role (un)assignments and composites name their roles in {@code changes}, so every view shows them. */
    static List<Change> withRoleChanges(Classification c, JsonNode rep, List<Change> changes) {
        boolean granting = c.action() == AuditAction.ROLE_ASSIGNED || c.action() == AuditAction.COMPOSITE_GRANTED;
        boolean revoking = c.action() == AuditAction.ROLE_UNASSIGNED || c.action() == AuditAction.COMPOSITE_REVOKED;
        if ((!granting && !revoking) || rep == null || !rep.isArray()) {
            return changes;
        }
        String roles = String.join(", ", Json.names(rep));
        return List.of(new Change("roles", revoking ? roles : null, granting ? roles : null));
    }

    static Map<String, Object> details(AdminEvent event, JsonNode rep, AuditConfig config, Redactor redactor) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("operation", event.getOperationType().name());
        details.put("resourcePath", event.getResourcePath());
        details.put("keycloakResourceType", event.getResourceTypeAsString());
        details.put("keycloakEventId", event.getId());
        if (event.getDetails() != null) {
            details.putAll(redactor.redact(event.getDetails()));
        }
        if (config.includeDetails() && rep != null) {
            details.put("representation", rep);
        }
        return details;
    }

    /** {@code users/{id}}, {@code clients/{id}}, the realm itself: not a sub-resource such as a role mapping. */
    static boolean isWholeResource(List<String> path, boolean scim) {
        if (scim) {
            return path.size() == 4;
        }
        if (path.size() >= 3 && path.get(0).equals("identity-provider")) {
            return path.size() == 3;
        }
        if (path.size() >= 2 && path.get(0).equals("authentication")) {
            return true;
        }
        return path.size() <= 2;
    }
}
