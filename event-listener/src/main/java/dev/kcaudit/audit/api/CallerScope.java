package dev.kcaudit.audit.api;

import dev.kcaudit.audit.model.AuditEntry;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
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
 *   <li>some organizations: members of an organization who are also in that organization's top-level group
 *       {@value #ORG_ADMIN_GROUP}; joining an organization group takes both {@code manage-organizations} and
 *       {@code manage-users} (docs/security.md, "Who may read");</li>
 *   <li>anything else is refused.</li>
 * </ul>
 *
 * @param organizations null for the whole realm, else the organizations the caller administers (never empty)
 */
public record CallerScope(Set<String> organizations) {

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
        Set<String> administered = administeredOrganizations(session, realm, user);
        if (administered.isEmpty()) {
            throw ApiError.forbidden();
        }
        return new CallerScope(administered);
    }

    /** An entry as this caller may see it (see {@link AuditEntry#seenBy}). */
    public AuditEntry view(AuditEntry entry) {
        return entry.seenBy(organizations);
    }

    private static Set<String> administeredOrganizations(KeycloakSession session, RealmModel realm, UserModel user) {
        if (!realm.isOrganizationsEnabled()) {
            return Set.of();
        }
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        return orgs.getByMember(user).filter(org -> isAuditAdmin(orgs, org, user))
                .map(OrganizationModel::getId).collect(Collectors.toUnmodifiableSet());
    }

    /** A member of the organization's own top-level {@value #ORG_ADMIN_GROUP} group, not of one nested deeper. */
    private static boolean isAuditAdmin(OrganizationProvider orgs, OrganizationModel org, UserModel user) {
        String root = orgs.getOrganizationGroup(org).getId();
        return orgs.getOrganizationGroupsByMember(org, user).anyMatch(group -> isTopLevelAuditAdmins(group, root));
    }

    private static boolean isTopLevelAuditAdmins(GroupModel group, String organizationRoot) {
        return ORG_ADMIN_GROUP.equals(group.getName()) && organizationRoot.equals(group.getParentId());
    }
}
