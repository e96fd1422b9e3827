package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.KeycloakVersion;
import dev.kcaudit.audit.it.support.PlainRealmConfig;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Tokens;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/** The first capture path end to end: real logins and admin calls against a real server, read back over REST. */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class FoundationIT {

    private static final String DEMO = DemoRealmConfig.REALM;

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    @InjectRealm(ref = "plain", config = PlainRealmConfig.class)
    ManagedRealm plain;

    @Test
    void demoRealmImportsWithListenerOrganizationsAndClients() {
        RealmRepresentation rep = demo.admin().toRepresentation();
        assertThat(rep.getEventsListeners()).contains("audit-log");
        assertThat(rep.isOrganizationsEnabled()).isTrue();
        List<OrganizationRepresentation> orgs = demo.admin().organizations().getAll();
        assertThat(orgs).extracting(OrganizationRepresentation::getAlias).containsExactlyInAnyOrder("acme", "globex");
        String acme = orgs.stream().filter(o -> o.getAlias().equals("acme")).findFirst().orElseThrow().getId();
        assertThat(demo.admin().organizations().get(acme).members().list(-1, -1))
                .extracting(UserRepresentation::getUsername)
                .containsExactlyInAnyOrder("acme-admin", "alice", "carol", "platform-lead");
        assertThat(demo.admin().clients().findByClientId("scim-client")).hasSize(1);
        assertThat(demo.admin().clients().findByClientId("demo-app").get(0).isPublicClient()).isTrue();
    }

    @Test
    void passwordLoginWritesALoginEntry() {
        Tokens.demoUser("alice");

        JsonNode entry = AuditApi.newest(DEMO, Tokens.demoUser("auditor"),
                e -> e.path("action").asText().equals("auth.login")
                        && e.path("actor").path("username").asText().equals("alice"));
        assertThat(entry.path("category").asText()).isEqualTo("authentication");
        assertThat(entry.path("actionLabel").asText()).isEqualTo("Logged in");
        assertThat(entry.path("outcome").path("result").asText()).isEqualTo("success");
        assertThat(entry.path("actor").path("type").asText()).isEqualTo("user");
        assertThat(entry.path("actor").path("email").asText()).isEqualTo("alice@acme.test");
        assertThat(entry.path("actor").path("clientId").asText()).isEqualTo("demo-app");
        assertThat(entry.path("resource").path("name").asText()).isEqualTo("alice");
        assertThat(entry.path("source").asText()).isEqualTo("login");
        assertThat(entry.path("ipAddress").asText()).isNotBlank();
        assertThat(AuditApi.organizationNames(entry)).containsExactly("Acme");
    }

    @Test
    void wrongPasswordWritesAFailedLoginEntryWithTheReason() {
        Tokens.Grant rejected = Tokens.password(DEMO, "demo-app", "bob", "not-his-password");
        assertThat(rejected.status()).isEqualTo(KeycloakVersion.invalidGrantStatus());
        assertThat(rejected.body().path("error").asText()).isEqualTo("invalid_grant");

        JsonNode entry = AuditApi.newest(DEMO, Tokens.demoUser("auditor"),
                e -> e.path("action").asText().equals("auth.login.failed")
                        && e.path("resource").path("name").asText().equals("bob"));
        assertThat(entry.path("outcome").path("result").asText()).isEqualTo("failure");
        assertThat(entry.path("outcome").path("reason").asText()).isEqualTo("invalid_user_credentials");
        assertThat(entry.path("details").path("keycloakEventType").asText()).isEqualTo("LOGIN_ERROR");
        assertThat(AuditApi.organizationNames(entry)).containsExactly("Globex");
    }

    @Test
    void adminCreatingAUserWritesAnEntryNamingTheAdminAndTheUser() {
        UserRepresentation user = new UserRepresentation();
        user.setUsername("created-by-admin");
        user.setEnabled(true);
        try (Keycloak masterAdmin = Keycloak.getInstance("http://localhost:8080", "master", "admin", "admin",
                "admin-cli"); Response created = masterAdmin.realm(DEMO).users().create(user)) {
            assertThat(created.getStatus()).isEqualTo(201);
        }

        JsonNode entry = AuditApi.newest(DEMO, Tokens.demoUser("auditor"),
                e -> e.path("action").asText().equals("user.created"));
        assertThat(entry.path("category").asText()).isEqualTo("users");
        assertThat(entry.path("actor").path("username").asText()).isEqualTo("admin");
        assertThat(entry.path("actor").path("clientId").asText()).isEqualTo("admin-cli");
        assertThat(entry.path("resource").path("type").asText()).isEqualTo("user");
        assertThat(entry.path("resource").path("name").asText()).isEqualTo("created-by-admin");
        assertThat(entry.path("source").asText()).isEqualTo("admin-api");
    }

    @Test
    void realmWithoutTheListenerGetsNoEntries() {
        assertThat(Tokens.password(PlainRealmConfig.REALM, "plain-app", "paula", "paula-pw").status())
                .isEqualTo(200);
        assertThat(Tokens.password(PlainRealmConfig.REALM, "plain-app", "paula", "wrong").status())
                .isEqualTo(KeycloakVersion.invalidGrantStatus());
        UserRepresentation user = new UserRepresentation();
        user.setUsername("unaudited");
        plain.admin().users().create(user).close();

        assertThat(AuditApi.entries(PlainRealmConfig.REALM, Tokens.masterAdmin())).isEmpty();
    }

    @Test
    void entriesAnswer403WithoutViewEventsAnd401WithoutToken() {
        AuditApi.Reply forbidden = AuditApi.get(DEMO, "entries", Tokens.demoUser("dave"));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.body().path("error").asText()).isEqualTo("forbidden");
        assertThat(forbidden.raw().body()).doesNotContain("auth.login");

        assertThat(AuditApi.get(DEMO, "entries", null).status()).isEqualTo(401);
    }

    @Test
    void badMaxIsA400NamingTheParameter() {
        AuditApi.Reply reply = AuditApi.get(DEMO, "entries?max=abc", Tokens.demoUser("auditor"));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().path("parameter").asText()).isEqualTo("max");
    }
}
