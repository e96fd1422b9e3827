package dev.kcaudit.audit.it;

import static dev.kcaudit.audit.it.support.AuditApi.changes;
import static dev.kcaudit.audit.it.support.AuditApi.newestDemo;
import static dev.kcaudit.audit.it.support.KeycloakVersion.Feature.NATIVE_SCIM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.RequiresKeycloak;
import dev.kcaudit.audit.it.support.Scim;
import dev.kcaudit.audit.it.support.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/** Provisioning through Keycloak's native SCIM API, with real SCIM requests as an identity provider sends them. */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@RequiresKeycloak(NATIVE_SCIM)
@ExtendWith(RemoteDatabase.class)
class CaptureScimIT {

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    private static void assertScimActor(JsonNode entry) {
        assertThat(entry.path("category").asText()).isEqualTo("scim");
        assertThat(entry.path("source").asText()).isEqualTo("scim");
        assertThat(entry.path("actor").path("type").asText()).isEqualTo("service-account");
        assertThat(entry.path("actor").path("username").asText()).isEqualTo("service-account-scim-client");
        assertThat(entry.path("actor").path("clientId").asText()).isEqualTo("scim-client");
    }

    @Test
    void userLifecycleIsProvisionedUpdatedAndDeprovisioned() {
        Scim.Reply created = Scim.send("POST", "Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"scim-sam",
                 "name":{"givenName":"Sam","familyName":"Scim"},"emails":[{"value":"sam@acme.test","primary":true}],
                 "active":true}""");
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().path("id").asText();
        JsonNode provisioned = newestDemo("scim.user.provisioned", "scim-sam");
        assertScimActor(provisioned);
        assertThat(provisioned.path("resource").path("id").asText()).isEqualTo(id);

        Scim.Reply updated = Scim.send("PATCH", "Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"name.givenName","value":"Samuel"}]}""");
        assertThat(updated.status()).isEqualTo(200);
        JsonNode update = newestDemo("scim.user.updated", "scim-sam");
        assertScimActor(update);
        assertThat(changes(update)).anyMatch(c -> c.startsWith("name.givenName: Sam -> Samuel"));

        Scim.Reply deactivated = Scim.send("PATCH", "Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"active","value":false}]}""");
        assertThat(deactivated.status()).isEqualTo(200);
        JsonNode deprovisioned = newestDemo("scim.user.deprovisioned", "scim-sam");
        assertScimActor(deprovisioned);
        assertThat(changes(deprovisioned)).contains("active: true -> false");

        assertThat(Scim.send("DELETE", "Users/" + id, null).status()).isEqualTo(204);
        JsonNode deleted = AuditApi.newest(DemoRealmConfig.REALM, Tokens.demoUser("auditor"),
                e -> e.path("action").asText().equals("scim.user.deprovisioned")
                        && e.path("details").path("operation").asText().equals("DELETE"));
        assertThat(deleted.path("resource").path("name").asText()).isEqualTo("scim-sam");
    }

    @Test
    void groupLifecycleIsCreatedUpdatedAndDeleted() {
        Scim.Reply created = Scim.send("POST", "Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"scim-engineers"}""");
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().path("id").asText();
        assertScimActor(newestDemo("scim.group.created", "scim-engineers"));

        Scim.Reply renamed = Scim.send("PATCH", "Groups/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"displayName","value":"scim-platform"}]}""");
        assertThat(renamed.status()).isEqualTo(200);
        JsonNode updated = newestDemo("scim.group.updated", "scim-platform");
        assertThat(changes(updated)).contains("displayName: scim-engineers -> scim-platform");

        assertThat(Scim.send("DELETE", "Groups/" + id, null).status()).isEqualTo(204);
        assertScimActor(newestDemo("scim.group.deleted", "scim-platform"));
    }
}
