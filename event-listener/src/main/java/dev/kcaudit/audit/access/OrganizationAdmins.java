package dev.kcaudit.audit.access;

import dev.kcaudit.audit.compat.StartupReport;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.keycloak.models.GroupModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * Who administers an organization's audit log. Where Keycloak has organization groups (26.6 and later): members of
 * the organization's top-level group {@value #GROUP}; joining it takes {@code manage-organizations} and
 * {@code manage-users}. Keycloak 26.4 and 26.5 have none: there, the organization's attribute {@value #GROUP} lists
 * the user ids of its audit admins (setting it takes {@code manage-organizations}), and they must be members.
 * docs/compatibility.md and docs/security.md, "Who may read". Team admins: {@link Teams}.
 */
public final class OrganizationAdmins {

    public static final String GROUP = "audit-admins";
    /** Whether this Keycloak has organization groups; probed once, without touching what it lacks. */
    public static final boolean GROUPS = StartupReport.hasOrganizationGroups();

    private OrganizationAdmins() {
    }

    /**
     * Every audit log the user administers, as scope tags: the organizations they administer, and in the others the
     * teams they administer ({@link Teams#administered}). Empty: none.
     */
    public static Set<String> scope(OrganizationProvider orgs, RealmModel realm, UserModel user) {
        if (orgs == null || !realm.isOrganizationsEnabled()) {
            return Set.of(); // the organization feature is off on this server
        }
        Set<String> scope = new HashSet<>();
        orgs.getByMember(user).forEach(org -> {
            if (!GROUPS) {
                if (listed(org, user)) {
                    scope.add(org.getId());
                }
                return;
            }
            // One read of the user's groups in the organization answers both: its own admin group, or teams'.
            String root = orgs.getOrganizationGroup(org).getId();
            List<GroupModel> groups = orgs.getOrganizationGroupsByMember(org, user).toList();
            if (groups.stream().anyMatch(group -> isTopLevel(group, root))) {
                scope.add(org.getId());
            } else {
                scope.addAll(Teams.administered(root, groups));
            }
        });
        return Set.copyOf(scope);
    }

    /** A member of the organization's own top-level group, not of one nested deeper. */
    private static boolean isTopLevel(GroupModel group, String organizationRoot) {
        return GROUP.equals(group.getName()) && organizationRoot.equals(group.getParentId());
    }

    private static boolean listed(OrganizationModel org, UserModel user) {
        List<String> ids = org.getAttributes() == null ? null : org.getAttributes().get(GROUP);
        return ids != null && ids.contains(user.getId());
    }
}
