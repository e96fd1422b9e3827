package dev.kcaudit.audit.access;

import dev.kcaudit.audit.model.OrganizationRef;
import dev.kcaudit.audit.model.TeamRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * An organization's teams: its top-level groups (Keycloak 26.6 and later), except {@value OrganizationAdmins#GROUP},
 * which names the organization's audit admins. A team's subgroups, their members and their role mappings belong to
 * it; a member of the team's own subgroup {@value OrganizationAdmins#GROUP} administers the team's audit log.
 * Keycloak 26.4 and 26.5 have no organization groups, so no teams. docs/query.md, "Teams".
 */
public final class Teams {

    /** How deep a group may sit below its team: Keycloak has no limit, a loop guard needs one. */
    private static final int MAX_DEPTH = 100;

    private Teams() {
    }

    /** The team a group of the organization belongs to (the group itself if it is one), or null. */
    public static GroupModel teamOf(OrganizationProvider orgs, OrganizationModel org, GroupModel group) {
        if (!OrganizationAdmins.GROUPS || group == null) {
            return null;
        }
        return teamOf(orgs.getOrganizationGroup(org).getId(), group);
    }

    /** The team of a group below the organization's internal root group {@code root}. */
    private static GroupModel teamOf(String root, GroupModel group) {
        GroupModel g = group;
        for (int depth = 0; g != null && depth < MAX_DEPTH; depth++) {
            if (root.equals(g.getParentId())) {
                return OrganizationAdmins.GROUP.equals(g.getName()) ? null : g;
            }
            g = g.getParent();
        }
        return null;
    }

    /** The teams the user belongs to in the organization: as a member of the team group or of any of its subgroups. */
    public static List<TeamRef> of(OrganizationProvider orgs, OrganizationModel org, UserModel user) {
        if (!OrganizationAdmins.GROUPS) {
            return List.of();
        }
        Map<String, TeamRef> teams = new LinkedHashMap<>();
        orgs.getOrganizationGroupsByMember(org, user).map(Teams::teamBelowRoot)
                .filter(t -> t != null).forEach(t -> teams.putIfAbsent(t.getId(), ref(t)));
        return List.copyOf(teams.values());
    }

    /**
     * The team of one of an organization's groups, found from the group's own ancestors: Keycloak creates an
     * organization's internal group at the top level, so the root is the ancestor without a parent, and the team is
     * what {@link #teamOf(String, GroupModel)} finds below it. Asking the provider for the root
     * ({@code getOrganizationGroup}) reads the organization's row from the database once per transaction (Keycloak's
     * cache keeps a member's groups, not this), that is on every audited change or login of a member: a tenth of our
     * listener's cost in an admin-write profile (docs/benchmarks.md, section 7).
     */
    static GroupModel teamBelowRoot(GroupModel group) {
        GroupModel root = group;
        // One step more than teamOf's guard: the root sits one level above the team.
        for (int depth = 0; root != null && root.getParentId() != null && depth <= MAX_DEPTH; depth++) {
            root = root.getParent();
        }
        return root == null || root.getParentId() != null ? null : teamOf(root.getId(), group);
    }

    /**
     * The teams whose audit log a user administers, from the user's groups in the organization whose internal root
     * group is {@code root}: the teams whose {@code audit-admins} subgroup holds them.
     */
    static Set<String> administered(String root, List<GroupModel> groups) {
        return groups.stream()
                .filter(g -> OrganizationAdmins.GROUP.equals(g.getName()) && g.getParent() != null
                        && root.equals(g.getParent().getParentId())
                        && !OrganizationAdmins.GROUP.equals(g.getParent().getName()))
                .map(GroupModel::getParentId).collect(Collectors.toUnmodifiableSet());
    }

    /** Every team of the organization. */
    public static List<TeamRef> all(OrganizationProvider orgs, OrganizationModel org) {
        if (!OrganizationAdmins.GROUPS) {
            return List.of();
        }
        return orgs.getTopLevelGroups(org, null, null).filter(g -> !OrganizationAdmins.GROUP.equals(g.getName()))
                .map(Teams::ref).toList();
    }

    /**
     * A scope tag as the organization reference it stands for: an organization whole, or a team with its organization.
     * Null when it is neither (any more).
     */
    public static OrganizationRef refOf(KeycloakSession session, RealmModel realm, String tag) {
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        OrganizationModel org = orgs == null ? null : orgs.getById(tag);
        if (org != null) {
            return new OrganizationRef(org.getId(), org.getName());
        }
        GroupModel team = OrganizationAdmins.GROUPS ? session.groups().getGroupById(realm, tag) : null;
        OrganizationModel owner = team == null ? null : team.getOrganization();
        GroupModel itsTeam = owner == null ? null : teamOf(orgs, owner, team);
        return itsTeam == null || !itsTeam.getId().equals(team.getId()) ? null
                : new OrganizationRef(owner.getId(), owner.getName(), List.of(ref(team)));
    }

    /**
     * Whether a scope of organizations and teams covers these tags: each is in it, or is a team of an organization in
     * it (an organization admin covers every team of their organizations).
     */
    public static boolean covers(KeycloakSession session, RealmModel realm, Set<String> scope, Set<String> tags) {
        return tags.stream().allMatch(tag -> scope.contains(tag) || organizationOfTeam(session, realm, tag)
                .map(scope::contains).orElse(false));
    }

    private static Optional<String> organizationOfTeam(KeycloakSession session, RealmModel realm,
                                                                 String tag) {
        if (!OrganizationAdmins.GROUPS) {
            return Optional.empty();
        }
        // Only a team counts: a subgroup, the organization's audit-admins or its internal group tag no entry.
        OrganizationRef team = refOf(session, realm, tag);
        return team == null || team.teams().isEmpty() ? Optional.empty() : Optional.of(team.id());
    }

    public static TeamRef ref(GroupModel team) {
        return new TeamRef(team.getId(), team.getName());
    }
}
