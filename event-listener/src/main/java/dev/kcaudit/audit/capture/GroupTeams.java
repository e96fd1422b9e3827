package dev.kcaudit.audit.capture;

import dev.kcaudit.audit.model.OrganizationRef;
import dev.kcaudit.audit.model.TeamRef;
import dev.kcaudit.audit.store.AuditStore;
import java.util.List;
import java.util.Optional;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

/**
 * The team of a change made inside an organization's group ({@code organizations/{org}/groups/{group}/…}). Keycloak
 * sends a group's deletion once the group is gone, when its team can no longer be looked up, so the team of every
 * organization group an entry names is remembered in the resource-state table and read back then.
 */
final class GroupTeams {

    /** The resource-state type under which a group's team is remembered. */
    static final String STATE = "org-group-team";

    private final ContextResolver resolver;
    private final AuditStore store;

    GroupTeams(ContextResolver resolver, AuditStore store) {
        this.resolver = resolver;
        this.store = store;
    }

    /**
     * The path's organization, with the team of the group in the path (of the new group for {@code …/groups} and
     * {@code …/children}). {@code eventGroupId}: the group the event is about, when the event is about a group.
     */
    OrganizationRef organizationWithTeam(RealmModel realm, List<String> path, String eventGroupId) {
        String orgId = path.get(1);
        boolean created = path.size() == 3 || path.size() == 5 && path.get(4).equals("children");
        String groupId = created ? eventGroupId : path.get(3);
        OrganizationRef org = resolver.organizationWithTeamOf(realm, orgId, groupId);
        if (org == null || groupId == null) {
            return org;
        }
        Optional<String> remembered = store.resourceState(realm.getId(), STATE, groupId);
        if (!resolver.groupExists(realm, groupId)) {
            // Gone (its deletion): the team it had when an entry last named it.
            return remembered.map(Json::parse).map(t -> new TeamRef(Json.text(t, "id"), Json.text(t, "name")))
                    .filter(t -> t.id() != null).map(t -> new OrganizationRef(org.id(), org.name(), List.of(t)))
                    .orElse(org);
        }
        // Still there: its team now (none, say, once moved under the organization's audit-admins) is what counts.
        String now = org.teams().isEmpty() ? null : Json.write(JsonSerialization.mapper.valueToTree(org.teams().get(0)));
        if (!remembered.equals(Optional.ofNullable(now))) {
            store.saveResourceState(realm.getId(), STATE, groupId, now);
        }
        return org;
    }
}
