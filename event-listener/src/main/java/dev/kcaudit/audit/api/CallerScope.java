package dev.kcaudit.audit.api;

import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * What the caller may read, decided on the server for every request:
 * <ul>
 *   <li>the whole realm: {@code view-events} in the realm (also through a master-realm admin role), or the
 *       {@value #AUDITOR_ROLE} role of the realm's {@value #ROLES_CLIENT} client;</li>
 *   <li>some organizations: members of an organization who are also in that organization's group
 *       {@value #ORG_ADMIN_GROUP} administer its audit log, and no other admin role is needed;</li>
 *   <li>anything else is refused.</li>
 * </ul>
 *
 * @param organizations null for the whole realm, else the organizations the caller administers (never empty)
 */
public record CallerScope(Set<String> organizations) {

    public static final String ROLES_CLIENT = "audit-log";
    public static final String AUDITOR_ROLE = "auditor";
    public static final String ORG_ADMIN_GROUP = "audit-admins";

    public boolean wholeRealm() {
        return organizations == null;
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
        if (isAuditor(realm, user)) {
            return new CallerScope(null);
        }
        Set<String> administered = administeredOrganizations(session, realm, user);
        if (administered.isEmpty()) {
            throw ApiError.forbidden();
        }
        return new CallerScope(administered);
    }

    private static boolean isAuditor(RealmModel realm, UserModel user) {
        ClientModel roles = realm.getClientByClientId(ROLES_CLIENT);
        RoleModel auditor = roles == null ? null : roles.getRole(AUDITOR_ROLE);
        return auditor != null && user.hasRole(auditor);
    }

    private static Set<String> administeredOrganizations(KeycloakSession session, RealmModel realm, UserModel user) {
        if (!realm.isOrganizationsEnabled()) {
            return Set.of();
        }
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        return orgs.getByMember(user)
                .filter(org -> orgs.getOrganizationGroupsByMember(org, user)
                        .anyMatch(group -> ORG_ADMIN_GROUP.equals(group.getName())))
                .map(org -> org.getId())
                .collect(Collectors.toUnmodifiableSet());
    }
}
