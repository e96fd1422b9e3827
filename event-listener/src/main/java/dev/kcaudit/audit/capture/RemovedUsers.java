package dev.kcaudit.audit.capture;

import dev.kcaudit.audit.model.OrganizationRef;
import java.util.List;
import org.keycloak.models.KeycloakSession;

/**
 * A deleted user's name and organizations, remembered for the rest of the request: Keycloak sends the admin
 * event after the user is gone, and the entry must still say who it was and which organizations it belonged to.
 */
class RemovedUsers {

    private static final String PREFIX = "audit-log.removed-user.";

    record Removed(String username, List<OrganizationRef> organizations) {
    }

    private final KeycloakSession session;

    RemovedUsers(KeycloakSession session) {
        this.session = session;
    }

    static void remember(KeycloakSession session, String userId, String username, List<OrganizationRef> orgs) {
        session.setAttribute(PREFIX + userId, new Removed(username, orgs));
    }

    String username(String userId) {
        Removed r = get(userId);
        return r == null ? null : r.username();
    }

    List<OrganizationRef> organizations(String userId) {
        Removed r = get(userId);
        return r == null ? List.of() : r.organizations();
    }

    private Removed get(String userId) {
        return userId == null ? null : session.getAttribute(PREFIX + userId, Removed.class);
    }
}
