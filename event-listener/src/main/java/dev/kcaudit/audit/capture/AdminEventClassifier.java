package dev.kcaudit.audit.capture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.model.AuditAction;
import java.util.List;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;

/**
 * Pure: which action an admin event is and which resource it is about, from its resource type, operation,
 * path and (redacted) representation.
 */
public final class AdminEventClassifier {

    /** The action and the primary resource (our resource type names, e.g. {@code user}, {@code client}). */
    public record Classification(AuditAction action, String resourceType, String resourceId) {
    }

    private AdminEventClassifier() {
    }

    public static Classification classify(AdminEvent event, JsonNode representation) {
        List<String> path = segments(event.getResourcePath());
        OperationType op = event.getOperationType();
        String type = event.getResourceTypeAsString() == null ? "" : event.getResourceTypeAsString();
        if (path.size() >= 2 && path.get(0).equals("scim")) {
            return scim(path, op, representation);
        }
        return switch (type) {
            case "USER" -> user(path, op, representation);
            case "USER_SESSION" -> new Classification(AuditAction.SESSION_DELETED, "session", last(path));
            case "GROUP", "ORGANIZATION_GROUP" -> crud(op, AuditAction.GROUP_CREATED, AuditAction.GROUP_UPDATED,
                    AuditAction.GROUP_DELETED, "group", groupId(path, representation));
            case "GROUP_MEMBERSHIP", "ORGANIZATION_GROUP_MEMBERSHIP" -> new Classification(
                    op == OperationType.DELETE ? AuditAction.GROUP_MEMBER_REMOVED : AuditAction.GROUP_MEMBER_ADDED,
                    "user", idAfter(path, "users", "members"));
            case "REALM_ROLE", "CLIENT_ROLE" -> role(path, op);
            case "REALM_ROLE_MAPPING", "CLIENT_ROLE_MAPPING", "REALM_SCOPE_MAPPING" -> roleMapping(path, op);
            case "CLIENT" -> client(path, op);
            case "CLIENT_SCOPE", "CLIENT_SCOPE_MAPPING", "CLIENT_SCOPE_CLIENT_MAPPING" ->
                    new Classification(AuditAction.CLIENT_SCOPE_CHANGED, "client-scope",
                            idAfter(path, "client-scopes", "clients"));
            case "PROTOCOL_MAPPER" -> new Classification(AuditAction.CLIENT_MAPPER_CHANGED, "protocol-mapper",
                    last(path));
            case "AUTHORIZATION_RESOURCE_SERVER", "AUTHORIZATION_RESOURCE", "AUTHORIZATION_SCOPE" ->
                    new Classification(AuditAction.AUTHZ_RESOURCE_CHANGED, "authorization", last(path));
            case "AUTHORIZATION_POLICY" -> new Classification(path.contains("permission")
                    ? AuditAction.AUTHZ_PERMISSION_CHANGED : AuditAction.AUTHZ_POLICY_CHANGED,
                    "authorization", last(path));
            case "IDENTITY_PROVIDER" -> crud(op, AuditAction.IDP_CREATED, AuditAction.IDP_UPDATED,
                    AuditAction.IDP_DELETED, "identity-provider", idAfter(path, "instances"));
            case "IDENTITY_PROVIDER_MAPPER" -> new Classification(AuditAction.IDP_MAPPER_CHANGED,
                    "identity-provider", idAfter(path, "instances"));
            case "ORGANIZATION" -> crud(op, AuditAction.ORG_CREATED, AuditAction.ORG_UPDATED,
                    AuditAction.ORG_DELETED, "organization", idAfter(path, "organizations"));
            case "ORGANIZATION_MEMBERSHIP" -> new Classification(switch (op) {
                case DELETE -> AuditAction.MEMBER_REMOVED;
                case ACTION -> AuditAction.MEMBER_INVITED;
                default -> AuditAction.MEMBER_ADDED;
            }, "user", idAfter(path, "members"));
            case "COMPONENT" -> component(path, representation);
            case "USER_FEDERATION_PROVIDER", "USER_FEDERATION_MAPPER" ->
                    new Classification(AuditAction.USER_FEDERATION_CHANGED, "component", last(path));
            case "AUTH_FLOW", "AUTH_EXECUTION_FLOW", "AUTH_EXECUTION", "AUTHENTICATOR_CONFIG" ->
                    new Classification(AuditAction.AUTH_FLOW_CHANGED, "authentication-flow", last(path));
            case "REQUIRED_ACTION", "REQUIRED_ACTION_CONFIG" ->
                    new Classification(AuditAction.REQUIRED_ACTION_CHANGED, "required-action", last(path));
            case "REALM" -> new Classification(AuditAction.REALM_UPDATED, "realm", null);
            default -> new Classification(AuditAction.REALM_OTHER, type.toLowerCase().replace('_', '-'),
                    last(path));
        };
    }

    private static Classification user(List<String> path, OperationType op, JsonNode rep) {
        String userId = idAfter(path, "users");
        if (path.size() > 2) {
            String sub = path.get(2);
            AuditAction action = switch (sub) {
                case "reset-password" -> AuditAction.PASSWORD_RESET;
                case "execute-actions-email", "send-verify-email" -> AuditAction.ACTIONS_EMAIL_SENT;
                case "logout" -> AuditAction.SESSIONS_REVOKED;
                case "impersonation" -> AuditAction.IMPERSONATION;
                case "credentials" -> AuditAction.CREDENTIAL_REMOVED;
                case "federated-identity" -> op == OperationType.DELETE
                        ? AuditAction.USER_FEDERATION_UNLINK : AuditAction.USER_FEDERATION_LINK;
                default -> AuditAction.USER_UPDATED;
            };
            return new Classification(action, "user", userId);
        }
        return crud(op, AuditAction.USER_CREATED, AuditAction.USER_UPDATED, AuditAction.USER_DELETED, "user", userId);
    }

    private static Classification role(List<String> path, OperationType op) {
        String roleId = path.contains("roles-by-id") ? idAfter(path, "roles-by-id") : idAfter(path, "roles");
        if (path.contains("composites")) {
            return new Classification(op == OperationType.DELETE
                    ? AuditAction.COMPOSITE_REVOKED : AuditAction.COMPOSITE_GRANTED, "role", roleId);
        }
        return crud(op, AuditAction.ROLE_CREATED, AuditAction.ROLE_UPDATED, AuditAction.ROLE_DELETED, "role", roleId);
    }

    private static Classification roleMapping(List<String> path, OperationType op) {
        AuditAction action = op == OperationType.DELETE ? AuditAction.ROLE_UNASSIGNED : AuditAction.ROLE_ASSIGNED;
        if (path.size() >= 2 && path.get(0).equals("groups")) {
            return new Classification(action, "group", path.get(1));
        }
        if (path.size() >= 4 && path.get(0).equals("organizations") && path.get(2).equals("groups")) {
            return new Classification(action, "group", path.get(3));
        }
        if (path.size() >= 2 && (path.get(0).equals("clients") || path.get(0).equals("client-scopes"))) {
            return new Classification(action, path.get(0).equals("clients") ? "client" : "client-scope",
                    path.get(1));
        }
        return new Classification(action, "user", idAfter(path, "users"));
    }

    private static Classification client(List<String> path, OperationType op) {
        String clientId = idAfter(path, "clients");
        if (path.size() > 2 && path.get(2).equals("client-secret")) {
            return new Classification(op == OperationType.DELETE
                    ? AuditAction.CLIENT_SECRET_REVOKED : AuditAction.CLIENT_SECRET_ROTATED, "client", clientId);
        }
        return crud(op, AuditAction.CLIENT_CREATED, AuditAction.CLIENT_UPDATED, AuditAction.CLIENT_DELETED,
                "client", clientId);
    }

    private static Classification component(List<String> path, JsonNode rep) {
        String providerType = rep == null ? "" : rep.path("providerType").asText("");
        AuditAction action = switch (providerType) {
            case "org.keycloak.keys.KeyProvider" -> AuditAction.REALM_KEYS_CHANGED;
            case "org.keycloak.storage.UserStorageProvider", "org.keycloak.storage.ldap.mappers.LDAPStorageMapper" ->
                    AuditAction.USER_FEDERATION_CHANGED;
            default -> AuditAction.COMPONENT_CHANGED;
        };
        return new Classification(action, "component", idAfter(path, "components"));
    }

    private static Classification scim(List<String> path, OperationType op, JsonNode rep) {
        boolean users = path.size() > 2 && path.get(2).equalsIgnoreCase("Users");
        String id = path.size() > 3 ? path.get(3) : null;
        if (users) {
            boolean deactivated = rep != null && rep.has("active") && !rep.get("active").asBoolean(true);
            AuditAction action = switch (op) {
                case CREATE -> AuditAction.SCIM_USER_PROVISIONED;
                case DELETE -> AuditAction.SCIM_USER_DEPROVISIONED;
                default -> deactivated ? AuditAction.SCIM_USER_DEPROVISIONED : AuditAction.SCIM_USER_UPDATED;
            };
            return new Classification(action, "user", id);
        }
        return crud(op, AuditAction.SCIM_GROUP_CREATED, AuditAction.SCIM_GROUP_UPDATED,
                AuditAction.SCIM_GROUP_DELETED, "group", id);
    }

    private static Classification crud(OperationType op, AuditAction created, AuditAction updated,
                                       AuditAction deleted, String resourceType, String resourceId) {
        AuditAction action = switch (op) {
            case CREATE -> created;
            case DELETE -> deleted;
            default -> updated;
        };
        return new Classification(action, resourceType, resourceId);
    }

    static List<String> segments(String path) {
        if (path == null || path.isBlank()) {
            return List.of();
        }
        return List.of(path.replaceAll("^/+|/+$", "").split("/+"));
    }

    /**
     * The group an event is about: a new or moved group is named by the representation ({@code …/groups} and
     * {@code …/groups/{parent}/children} are the collections it went into), any other by its path.
     */
    static String groupId(List<String> path, JsonNode rep) {
        String last = last(path);
        boolean collection = "groups".equals(last) || "children".equals(last);
        String repId = rep != null && rep.isObject() && rep.path("id").isTextual() ? rep.path("id").asText() : null;
        return collection && repId != null ? repId : idAfter(path, "groups");
    }

    /** The segment after the first of the given collection names, e.g. the id in {@code users/{id}/...}. */
    private static String idAfter(List<String> path, String... collections) {
        for (String c : collections) {
            int i = path.indexOf(c);
            if (i >= 0 && i + 1 < path.size()) {
                return path.get(i + 1);
            }
        }
        return null;
    }

    private static String last(List<String> path) {
        return path.isEmpty() ? null : path.get(path.size() - 1);
    }
}
