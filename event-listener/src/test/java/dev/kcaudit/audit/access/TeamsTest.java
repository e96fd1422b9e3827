package dev.kcaudit.audit.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.keycloak.models.GroupModel;

/** A member's team from the group's own ancestors: the one just below the organization's top-level internal group. */
class TeamsTest {

    /** A group answering only what the walk asks: its id, name, parent id and parent. */
    private static GroupModel group(String name, GroupModel parent) {
        return (GroupModel) Proxy.newProxyInstance(GroupModel.class.getClassLoader(), new Class<?>[]{GroupModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getId", "getName" -> name;
                    case "getParentId" -> parent == null ? null : parent.getId();
                    case "getParent" -> parent;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> name;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private final GroupModel root = group("org-internal", null);
    private final GroupModel team = group("engineering", root);

    @Test
    void aTeamItsSubgroupsAndItsAuditAdminsBelongToTheTeam() {
        GroupModel sub = group("backend", team);
        assertThat(Teams.teamBelowRoot(team)).isSameAs(team);
        assertThat(Teams.teamBelowRoot(sub)).isSameAs(team);
        assertThat(Teams.teamBelowRoot(group("db", sub))).isSameAs(team);
        assertThat(Teams.teamBelowRoot(group(OrganizationAdmins.GROUP, team))).isSameAs(team);
    }

    @Test
    void theRootAndTheOrganizationsAuditAdminsAreNoTeam() {
        assertThat(Teams.teamBelowRoot(root)).isNull();
        GroupModel orgAdmins = group(OrganizationAdmins.GROUP, root);
        assertThat(Teams.teamBelowRoot(orgAdmins)).isNull();
        assertThat(Teams.teamBelowRoot(group("sub", orgAdmins))).isNull();
    }

    @Test
    void aGroupUpToTheLoopGuardsDepthBelowItsTeamStillFindsIt() {
        GroupModel g = team;
        for (int i = 0; i < 99; i++) {
            g = group("level-" + i, g);
        }
        assertThat(Teams.teamBelowRoot(g)).as("99 levels below the team").isSameAs(team);
        assertThat(Teams.teamBelowRoot(group("deeper", group("deepest", g)))).as("past the guard").isNull();
    }
}
