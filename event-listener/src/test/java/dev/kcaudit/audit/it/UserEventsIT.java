package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.KeycloakVersion;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Rest;
import dev.kcaudit.audit.it.support.Tokens;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Issue 24: on every supported Keycloak (the build picks the server with a kc-26.x profile) logins, failed logins and
 * logouts are recorded, with their organizations, and an organization admin designated the way that version allows
 * (organization group or organization attribute, docs/compatibility.md) reads them.
 */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class UserEventsIT {

    private static final String DEMO = DemoRealmConfig.REALM;

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    @Test
    void theServerIsTheVersionTheBuildAskedFor() {
        JsonNode info = Rest.send("GET", "http://localhost:8080/admin/serverinfo", Tokens.masterAdmin(), null).body();
        assertThat(info.path("systemInfo").path("version").asText()).isEqualTo(KeycloakVersion.VERSION);
    }

    @Test
    void loginFailedLoginAndLogoutAreRecorded() {
        Tokens.Grant login = Tokens.password(DEMO, "demo-app", "alice", DemoRealmConfig.PASSWORD);
        assertThat(login.status()).isEqualTo(200);
        assertThat(Tokens.password(DEMO, "demo-app", "alice", "wrong-" + UUID.randomUUID()).status())
                .isEqualTo(KeycloakVersion.invalidGrantStatus());
        assertThat(Tokens.logout(DEMO, "demo-app", login.body().path("refresh_token").asText())).isEqualTo(204);
        String auditor = Tokens.demoUser("auditor");

        JsonNode in = AuditApi.newest(DEMO, auditor, e -> is(e, "auth.login", "alice"));
        assertThat(in.path("outcome").path("result").asText()).isEqualTo("success");
        assertThat(in.path("details").path("keycloakEventType").asText()).isEqualTo("LOGIN");
        assertThat(AuditApi.organizationNames(in)).containsExactly("Acme");

        JsonNode failed = AuditApi.newest(DEMO, auditor, e -> is(e, "auth.login.failed", "alice"));
        assertThat(failed.path("details").path("keycloakEventType").asText()).isEqualTo("LOGIN_ERROR");
        assertThat(failed.path("outcome").path("result").asText()).isEqualTo("failure");

        JsonNode out = AuditApi.newest(DEMO, auditor, e -> is(e, "auth.logout", "alice"));
        assertThat(out.path("details").path("keycloakEventType").asText()).isEqualTo("LOGOUT");

        // Acme's organization admin (group member on 26.6+, listed in the audit-admins attribute before) reads them;
        // Globex's does not.
        List<String> acme = ids(AuditApi.get(DEMO, "entries?max=1000", Tokens.demoUser("acme-admin")));
        assertThat(acme).contains(in.path("id").asText(), failed.path("id").asText(), out.path("id").asText());
        List<String> globex = ids(AuditApi.get(DEMO, "entries?max=1000", Tokens.demoUser("globex-admin")));
        assertThat(globex).doesNotContain(in.path("id").asText(), out.path("id").asText());
        assertThat(globex).isNotEmpty();
    }

    private static boolean is(JsonNode entry, String action, String username) {
        return entry.path("action").asText().equals(action)
                && (username.equals(entry.path("actor").path("username").asText())
                        || username.equals(entry.path("resource").path("name").asText()));
    }

    private static List<String> ids(AuditApi.Reply page) {
        assertThat(page.status()).as(String.valueOf(page.body())).isEqualTo(200);
        return page.body().path("entries").findValuesAsText("id").stream().toList();
    }
}
