package dev.kcaudit.audit.api;

import dev.kcaudit.audit.access.OrganizationAdmins;
import dev.kcaudit.audit.access.Teams;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * What the caller may read, decided on the server for every request, and only through grants Keycloak protects:
 * <ul>
 *   <li>the whole realm: Keycloak's {@code view-events} (or {@code manage-events}) in the realm, also held through a
 *       master-realm admin role. Keycloak lets only admins who hold such a role grant it, or make it part of a
 *       composite; an ordinary client role (as {@code audit-log/auditor} was) can be granted by any user manager;</li>
 *   <li>some organizations: their organization admins ({@link OrganizationAdmins}: members of its top-level group
 *       {@code audit-admins}, which takes both {@code manage-organizations} and {@code manage-users} to join);</li>
 *   <li>some teams: their team admins ({@link dev.kcaudit.audit.access.Teams}: members of the team group's subgroup
 *       {@code audit-admins}, joined the same way);</li>
 *   <li>anything else is refused.</li>
 * </ul>
 *
 * @param organizations null for the whole realm, else the scope tags the caller administers (never empty): ids of
 *                      organizations, and of teams in organizations they do not administer
 */
public record CallerScope(Set<String> organizations) {

    public boolean wholeRealm() {
        return organizations == null;
    }

    /** Whether the caller may read everything these scope tags (a stream's, an export job's) stand for. */
    public boolean covers(KeycloakSession session, RealmModel realm, Set<String> tags) {
        return wholeRealm() || Teams.covers(session, realm, organizations, tags);
    }

    /** The caller's scope, or a 403 when they may read nothing. */
    public static CallerScope of(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        if (auth.realm().canViewEvents()) {
            return new CallerScope(null);
        }
        AdminAuth admin = auth.adminAuth();
        UserModel user = admin.getUser();
        if (user == null || !admin.getRealm().getId().equals(realm.getId())) {
            throw ApiError.forbidden();
        }
        Set<String> administered = administeredOrganizations(session, realm, user);
        if (administered.isEmpty()) {
            throw ApiError.forbidden();
        }
        return new CallerScope(administered);
    }

    private static Set<String> administeredOrganizations(KeycloakSession session, RealmModel realm, UserModel user) {
        return OrganizationAdmins.scope(session.getProvider(OrganizationProvider.class), realm, user);
    }
}
