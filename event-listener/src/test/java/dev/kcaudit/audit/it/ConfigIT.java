package dev.kcaudit.audit.it;

import static dev.kcaudit.audit.it.support.AuditApi.changes;
import static dev.kcaudit.audit.it.support.AuditApi.newestDemo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.KeycloakVersion;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/** GET/PUT config: who may read and write it, validation, and what each setting does to capture. */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class ConfigIT {

    private static final String DEMO = DemoRealmConfig.REALM;
    private static final String ALL = """
            {"categories":["authentication","credentials","users","members","roles","clients","organizations","scim",
             "identity-providers","realm-settings","audit"],"highVolumeEvents":false,"includeDetails":true,
             "storeIpAddress":true,"redactedAttributes":[],"retentionDays":365}""";

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    @AfterEach
    void restoreDefaults() {
        assertThat(AuditApi.put(DEMO, "config", Tokens.masterAdmin(), ALL).status()).isEqualTo(200);
    }

    @Test
    void defaultsAreServedToAuditors() {
        AuditApi.Reply reply = AuditApi.get(DEMO, "config", Tokens.demoUser("auditor"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("retentionDays").asInt()).isEqualTo(365);
        assertThat(reply.body().path("highVolumeEvents").asBoolean()).isFalse();
        assertThat(reply.body().path("categories")).hasSize(11);
    }

    @Test
    void onlyManageEventsMayWriteAndNobodyElseMayRead() {
        assertThat(AuditApi.put(DEMO, "config", Tokens.demoUser("auditor"), "{\"retentionDays\":30}").status())
                .isEqualTo(403);
        assertThat(AuditApi.get(DEMO, "config", Tokens.demoUser("dave")).status()).isEqualTo(403);
        assertThat(AuditApi.get(DEMO, "config", Tokens.demoUser("auditor")).body().path("retentionDays").asInt())
                .isEqualTo(365);
    }

    @Test
    void invalidSettingsAreRejectedNamingTheField() {
        String admin = Tokens.masterAdmin();
        assertRejected(admin, "{\"retentionDays\":-1}", "retentionDays");
        assertRejected(admin, "{\"retentionDays\":\"ten\"}", "retentionDays");
        assertRejected(admin, "{\"categories\":[\"nope\"]}", "categories");
        assertRejected(admin, "{\"highVolumeEvents\":\"yes\"}", "highVolumeEvents");
        assertRejected(admin, "{\"redactedAttributes\":[\"bad name!\"]}", "redactedAttributes");
        assertRejected(admin, "{\"surprise\":1}", "surprise");
        assertRejected(admin, "not json", "body");
        assertRejected(admin, "[]", "body");
    }

    private static void assertRejected(String token, String body, String field) {
        AuditApi.Reply reply = AuditApi.put(DEMO, "config", token, body);
        assertThat(reply.status()).as(body).isEqualTo(400);
        assertThat(reply.body().path("parameter").asText()).as(body).isEqualTo(field);
        assertThat(reply.body().path("message").asText()).as(body).isNotBlank();
    }

    @Test
    void changesAreThemselvesAudited() {
        AuditApi.put(DEMO, "config", Tokens.masterAdmin(), "{\"retentionDays\":90}");
        JsonNode entry = newestDemo("audit.config.updated");
        assertThat(entry.path("category").asText()).isEqualTo("audit");
        assertThat(changes(entry)).containsExactly("retentionDays: 365 -> 90");
        assertThat(entry.path("actor").path("username").asText()).isEqualTo("admin");
    }

    @Test
    void categoriesDetailsAndIpSettingsShapeWhatIsCaptured() {
        AuditApi.put(DEMO, "config", Tokens.masterAdmin(),
                "{\"categories\":[\"authentication\",\"audit\"],\"includeDetails\":false,\"storeIpAddress\":false}");
        Tokens.demoUser("carol");
        JsonNode login = newestDemo("auth.login", "carol");
        assertThat(login.path("ipAddress").isNull()).isTrue();
        assertThat(login.path("details").has("grant_type")).isFalse();

        Tokens.Grant failed = Tokens.password(DEMO, "demo-app", "carol", "wrong");
        assertThat(failed.status()).isEqualTo(KeycloakVersion.invalidGrantStatus());
        assertThat(AuditApi.put(DEMO, "config", Tokens.masterAdmin(), "{\"retentionDays\":120}").status())
                .isEqualTo(200);
        assertThat(AuditApi.anyDemo(e -> e.path("action").asText().equals("audit.config.updated")
                && changes(e).contains("retentionDays: 365 -> 120"))).isTrue();

        // Users are not captured while the category is off.
        dev.kcaudit.audit.it.support.Admin.demo().users().create(user("uncaptured")).close();
        assertThat(AuditApi.anyDemo(e -> e.path("action").asText().equals("user.created"))).isFalse();
    }

    private static org.keycloak.representations.idm.UserRepresentation user(String name) {
        org.keycloak.representations.idm.UserRepresentation user = new org.keycloak.representations.idm.UserRepresentation();
        user.setUsername(name);
        user.setEnabled(true);
        return user;
    }
}
