package dev.kcaudit.audit.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcaudit.audit.capture.AdminEventClassifier.Classification;
import dev.kcaudit.audit.model.AuditAction;
import org.junit.jupiter.api.Test;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

class AdminEventClassifierTest {

    private static Classification classify(ResourceType type, OperationType op, String path, String json)
            throws Exception {
        AdminEvent e = new AdminEvent();
        e.setResourceType(type);
        e.setOperationType(op);
        e.setResourcePath(path);
        JsonNode rep = json == null ? null : new ObjectMapper().readTree(json);
        return AdminEventClassifier.classify(e, rep);
    }

    @Test
    void userCrudNamesTheUser() throws Exception {
        Classification c = classify(ResourceType.USER, OperationType.CREATE, "users/u1", "{\"username\":\"x\"}");
        assertThat(c).isEqualTo(new Classification(AuditAction.USER_CREATED, "user", "u1"));
        assertThat(classify(ResourceType.USER, OperationType.ACTION, "users/u1/reset-password", null).action())
                .isEqualTo(AuditAction.PASSWORD_RESET);
    }

    @Test
    void roleMappingsAreAssignmentsOfTheUser() throws Exception {
        Classification c = classify(ResourceType.REALM_ROLE_MAPPING, OperationType.CREATE,
                "users/u1/role-mappings/realm", "[{\"name\":\"employee\"}]");
        assertThat(c).isEqualTo(new Classification(AuditAction.ROLE_ASSIGNED, "user", "u1"));
        assertThat(classify(ResourceType.CLIENT_ROLE_MAPPING, OperationType.DELETE,
                "users/u1/role-mappings/clients/c1", null).action()).isEqualTo(AuditAction.ROLE_UNASSIGNED);
    }

    /** An organization group's role mappings go through the organization's API: they are about the group. */
    @Test
    void roleMappingsOfAnOrganizationGroupAreAboutTheGroup() throws Exception {
        assertThat(classify(ResourceType.REALM_ROLE_MAPPING, OperationType.CREATE,
                "organizations/o1/groups/g1/role-mappings/realm", "[{\"name\":\"employee\"}]"))
                .isEqualTo(new Classification(AuditAction.ROLE_ASSIGNED, "group", "g1"));
        assertThat(classify(ResourceType.CLIENT_ROLE_MAPPING, OperationType.DELETE,
                "organizations/o1/groups/g1/role-mappings/clients/c1", null))
                .isEqualTo(new Classification(AuditAction.ROLE_UNASSIGNED, "group", "g1"));
    }

    @Test
    void organizationMembershipIsAboutTheMember() throws Exception {
        Classification c = classify(ResourceType.ORGANIZATION_MEMBERSHIP, OperationType.DELETE,
                "organizations/o1/members/u1", null);
        assertThat(c).isEqualTo(new Classification(AuditAction.MEMBER_REMOVED, "user", "u1"));
    }

    /** A new group is the one the representation names, not the collection it went into (its parent, for a child). */
    @Test
    void aNewGroupIsNamedByItsRepresentationNotByItsParent() throws Exception {
        assertThat(classify(ResourceType.GROUP, OperationType.CREATE, "groups/parent/children",
                "{\"id\":\"child\",\"name\":\"sub\"}")).isEqualTo(
                new Classification(AuditAction.GROUP_CREATED, "group", "child"));
        assertThat(classify(ResourceType.ORGANIZATION_GROUP, OperationType.CREATE, "organizations/o1/groups/team/children",
                "{\"id\":\"child\",\"name\":\"sub\"}").resourceId()).isEqualTo("child");
        assertThat(classify(ResourceType.ORGANIZATION_GROUP, OperationType.CREATE, "organizations/o1/groups",
                "{\"id\":\"team\",\"name\":\"Platform\"}").resourceId()).isEqualTo("team");
        assertThat(classify(ResourceType.ORGANIZATION_GROUP, OperationType.UPDATE, "organizations/o1/groups/team",
                "{\"id\":\"team\",\"name\":\"Platform 2\"}").resourceId()).isEqualTo("team");
        assertThat(classify(ResourceType.ORGANIZATION_GROUP, OperationType.DELETE, "organizations/o1/groups/team",
                null).resourceId()).isEqualTo("team");
    }

    @Test
    void scimDeactivationIsDeprovisioning() throws Exception {
        Classification c = classify(ResourceType.USER, OperationType.UPDATE, "scim/v2/Users/u1",
                "{\"userName\":\"x\",\"active\":false}");
        assertThat(c).isEqualTo(new Classification(AuditAction.SCIM_USER_DEPROVISIONED, "user", "u1"));
        assertThat(classify(ResourceType.GROUP, OperationType.CREATE, "scim/v2/Groups/g1", "{}").action())
                .isEqualTo(AuditAction.SCIM_GROUP_CREATED);
    }

    @Test
    void clientSecretRegenerationIsAnApiKeyRotation() throws Exception {
        assertThat(classify(ResourceType.CLIENT, OperationType.ACTION, "clients/c1/client-secret", null))
                .isEqualTo(new Classification(AuditAction.CLIENT_SECRET_ROTATED, "client", "c1"));
    }

    @Test
    void keyProvidersAreRealmKeys() throws Exception {
        assertThat(classify(ResourceType.COMPONENT, OperationType.CREATE, "components/k1",
                "{\"providerType\":\"org.keycloak.keys.KeyProvider\"}").action())
                .isEqualTo(AuditAction.REALM_KEYS_CHANGED);
    }
}
