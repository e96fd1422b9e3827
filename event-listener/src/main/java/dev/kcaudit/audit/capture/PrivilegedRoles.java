package dev.kcaudit.audit.capture;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.GroupModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;

/**
 * Which of the roles a change grants are administrative, for the {@code admin-role-granted} signal: a role is if it
 * is, or contains, a role of the realm's {@code realm-management} client (its {@code realm-admin}, the audit roles
 * {@code view-events} and {@code manage-events}, {@code manage-users}…), or in the master realm its {@code admin} role
 * or a role of a realm's {@code <realm>-realm} client. Names only: the entry says which, never what they contain.
 */
final class PrivilegedRoles {

    private PrivilegedRoles() {
    }

    /** The privileged roles among a role mapping's or composite's representation (an array of roles). */
    static List<String> among(RealmModel realm, JsonNode roles) {
        if (roles == null || !roles.isArray()) {
            return List.of();
        }
        List<RoleModel> admin = administrative(realm);
        Set<String> found = new LinkedHashSet<>();
        for (JsonNode r : roles) {
            RoleModel role = r.hasNonNull("id") ? realm.getRoleById(r.get("id").asText()) : null;
            if (role != null && admin.stream().anyMatch(role::hasRole)) {
                found.add(role.getName());
            }
        }
        return List.copyOf(found);
    }

    /** The privileged roles a member of the group gets (its own mappings and its parents'). */
    static List<String> ofGroup(RealmModel realm, String groupId) {
        GroupModel group = groupId == null ? null : realm.getGroupById(groupId);
        List<RoleModel> admin = group == null ? List.of() : administrative(realm);
        Set<String> found = new LinkedHashSet<>();
        for (GroupModel g = group; g != null; g = g.getParent()) {
            g.getRoleMappingsStream().filter(role -> admin.stream().anyMatch(role::hasRole))
                    .forEach(role -> found.add(role.getName()));
        }
        return List.copyOf(found);
    }

    private static List<RoleModel> administrative(RealmModel realm) {
        List<RoleModel> roles = new ArrayList<>();
        ClientModel management = realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
        if (management != null) {
            management.getRolesStream().forEach(roles::add);
        }
        if (Objects.equals(realm.getName(), "master")) {
            Stream.ofNullable(realm.getRole("admin")).forEach(roles::add);
            realm.getClientsStream().filter(c -> c.getClientId().endsWith("-realm"))
                    .flatMap(ClientModel::getRolesStream).forEach(roles::add);
        }
        return roles;
    }
}
