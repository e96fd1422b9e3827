package dev.kcaudit.audit.it;

import static dev.kcaudit.audit.it.support.AuditApi.changes;
import static dev.kcaudit.audit.it.support.AuditApi.newestDemo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.Admin;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.authorization.ResourceRepresentation;
import org.keycloak.representations.idm.authorization.ResourceServerRepresentation;
import org.keycloak.representations.idm.authorization.RolePolicyRepresentation;
import org.keycloak.representations.idm.authorization.ResourcePermissionRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/** Roles, role assignments, composites, clients, client secrets, service accounts and authorization settings. */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class CaptureRolesClientsIT {

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    private static String createClient(ClientRepresentation client) {
        try (Response r = Admin.demo().clients().create(client)) {
            return Admin.createdId(r);
        }
    }

    @Test
    void roleLifecycleAndAssignmentsNameTheRoles() {
        RealmResource realm = Admin.demo();
        RoleRepresentation role = new RoleRepresentation("auditor-lite", "Reads a little", false);
        realm.roles().create(role);
        assertThat(newestDemo("role.created").path("resource").path("name").asText()).isEqualTo("auditor-lite");

        RoleRepresentation stored = realm.roles().get("auditor-lite").toRepresentation();
        stored.setDescription("Reads a bit more");
        realm.roles().get("auditor-lite").update(stored);
        JsonNode updated = newestDemo("role.updated", "auditor-lite");
        assertThat(changes(updated)).contains("description: Reads a little -> Reads a bit more");

        String daveId = realm.users().search("dave", true).get(0).getId();
        realm.users().get(daveId).roles().realmLevel().add(List.of(stored));
        JsonNode assigned = newestDemo("role.assigned", "dave");
        assertThat(assigned.path("category").asText()).isEqualTo("roles");
        assertThat(changes(assigned)).containsExactly("roles:  -> auditor-lite");
        realm.users().get(daveId).roles().realmLevel().remove(List.of(stored));
        assertThat(changes(newestDemo("role.unassigned", "dave"))).containsExactly("roles: auditor-lite -> ");

        RoleRepresentation employee = realm.roles().get("employee").toRepresentation();
        realm.roles().get("auditor-lite").addComposites(List.of(employee));
        assertThat(changes(newestDemo("role.composite.granted"))).containsExactly("roles:  -> employee");
        realm.roles().get("auditor-lite").deleteComposites(List.of(employee));
        assertThat(changes(newestDemo("role.composite.revoked"))).containsExactly("roles: employee -> ");

        realm.roles().deleteRole("auditor-lite");
        assertThat(newestDemo("role.deleted").path("resource").path("name").asText()).isEqualTo("auditor-lite");
    }

    @Test
    void clientWithServiceAccountSecretRotationAndDeletion() {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId("billing-connector");
        client.setPublicClient(false);
        client.setServiceAccountsEnabled(true);
        client.setSecret("initial-billing-secret");
        String id = createClient(client);
        assertThat(newestDemo("client.created", "billing-connector").path("category").asText()).isEqualTo("clients");
        assertThat(newestDemo("service-account.created", "billing-connector").path("category").asText())
                .isEqualTo("roles");

        ClientResource resource = Admin.demo().clients().get(id);
        ClientRepresentation stored = resource.toRepresentation();
        stored.setDescription("Posts invoices");
        resource.update(stored);
        assertThat(changes(newestDemo("client.updated", "billing-connector")))
                .contains("description:  -> Posts invoices");

        resource.generateNewSecret();
        JsonNode rotated = newestDemo("client.secret.rotated", "billing-connector");
        assertThat(rotated.path("actionLabel").asText()).isEqualTo("API key rotated");

        stored = resource.toRepresentation();
        stored.setServiceAccountsEnabled(false);
        resource.update(stored);
        assertThat(newestDemo("service-account.deleted", "billing-connector")).isNotNull();

        resource.remove();
        assertThat(newestDemo("client.deleted", "billing-connector")).isNotNull();
    }

    @Test
    void authorizationResourcesPoliciesAndPermissions() {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId("invoice-api");
        client.setPublicClient(false);
        client.setServiceAccountsEnabled(true);
        client.setAuthorizationServicesEnabled(true);
        String id = createClient(client);
        var authz = Admin.demo().clients().get(id).authorization();

        ResourceRepresentation invoice = new ResourceRepresentation("invoice");
        try (Response r = authz.resources().create(invoice)) {
            assertThat(r.getStatus()).isEqualTo(201);
        }
        assertThat(newestDemo("authz.resource.changed").path("category").asText()).isEqualTo("roles");

        RolePolicyRepresentation policy = new RolePolicyRepresentation();
        policy.setName("employees-only");
        policy.addRole("employee");
        try (Response r = authz.policies().role().create(policy)) {
            assertThat(r.getStatus()).isEqualTo(201);
        }
        assertThat(newestDemo("authz.policy.changed")).isNotNull();

        ResourcePermissionRepresentation permission = new ResourcePermissionRepresentation();
        permission.setName("read-invoices");
        permission.addResource("invoice");
        permission.addPolicy("employees-only");
        try (Response r = authz.permissions().resource().create(permission)) {
            assertThat(r.getStatus()).isEqualTo(201);
        }
        assertThat(newestDemo("authz.permission.changed")).isNotNull();
        ResourceServerRepresentation settings = authz.getSettings();
        assertThat(settings).isNotNull();
    }
}
