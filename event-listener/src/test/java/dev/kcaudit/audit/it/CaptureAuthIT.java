package dev.kcaudit.audit.it;

import static dev.kcaudit.audit.it.support.AuditApi.awaitDemo;
import static dev.kcaudit.audit.it.support.AuditApi.newestDemo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.Admin;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.Browser;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.DemoUsers;
import dev.kcaudit.audit.it.support.KeycloakVersion;
import dev.kcaudit.audit.it.support.PartnerRealmConfig;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Tokens;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.util.JsonSerialization;

/** Logins, logouts, failures, lockouts, impersonation, service accounts, token exchange and brokered logins. */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class CaptureAuthIT {

    private static final String DEMO = DemoRealmConfig.REALM;

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    @InjectRealm(ref = "partner", config = PartnerRealmConfig.class)
    ManagedRealm partner;

    private static String claim(String jwt, String name) throws Exception {
        byte[] payload = Base64.getUrlDecoder().decode(jwt.split("\\.")[1]);
        return JsonSerialization.readValue(payload, JsonNode.class).path(name).asText();
    }

    @Test
    void logoutIsAudited() {
        Tokens.Grant login = Tokens.password(DEMO, "demo-app", "carol", "demo");
        assertThat(Tokens.logout(DEMO, "demo-app", login.body().path("refresh_token").asText())).isEqualTo(204);
        JsonNode entry = newestDemo("auth.logout", "carol");
        assertThat(entry.path("actor").path("username").asText()).isEqualTo("carol");
        assertThat(AuditApi.organizationNames(entry)).containsExactlyInAnyOrder("Acme", "Globex");
    }

    @Test
    void adminDeletingASessionIsAudited() throws Exception {
        String token = Tokens.demoUser("dave");
        String sessionId = claim(token, "sid");
        Admin.demo().deleteSession(sessionId, false);
        JsonNode entry = AuditApi.newest(DEMO, Tokens.demoUser("auditor"),
                e -> e.path("action").asText().equals("auth.session.deleted")
                        && e.path("source").asText().equals("admin-api"));
        assertThat(entry.path("actor").path("username").asText()).isEqualTo("admin");
        assertThat(entry.path("resource").path("id").asText()).isEqualTo(sessionId);
    }

    @Test
    void failedLoginOfAnUnknownUserKeepsTheAttemptedName() {
        assertThat(Tokens.password(DEMO, "demo-app", "mallory", "guess").status())
                .isEqualTo(KeycloakVersion.invalidGrantStatus());
        JsonNode entry = AuditApi.newest(DEMO, Tokens.demoUser("auditor"),
                e -> e.path("action").asText().equals("auth.login.failed")
                        && e.path("actor").path("username").asText().equals("mallory"));
        assertThat(entry.path("actor").path("type").asText()).isEqualTo("anonymous");
        assertThat(entry.path("outcome").path("reason").asText()).isEqualTo("user_not_found");
    }

    @Test
    void impersonationNamesTheAdminAndTheUser() {
        String aliceId = Admin.demo().users().search("alice", true).get(0).getId();
        Admin.demo().users().get(aliceId).impersonate();
        JsonNode entry = newestDemo("auth.impersonation", "alice");
        assertThat(entry.path("actor").path("username").asText()).isEqualTo("admin");
        assertThat(entry.path("resource").path("id").asText()).isEqualTo(aliceId);
        assertThat(AuditApi.anyDemo(e -> e.path("action").asText().equals("auth.impersonation")
                && e.path("source").asText().equals("admin-api"))).isFalse();
    }

    @Test
    void repeatedFailuresLockTheAccountTemporarily() {
        DemoUsers.create("lockme", "right-Passw0rd");
        for (int i = 0; i < 6; i++) {
            Tokens.password(DEMO, "demo-app", "lockme", "wrong-" + i);
        }
        JsonNode entry = awaitDemo(e -> e.path("action").asText().equals("auth.lockout.temporary")
                && e.path("resource").path("name").asText().equals("lockme"));
        assertThat(entry.path("actionLabel").asText()).isEqualTo("Account temporarily locked");
    }

    @Test
    void permanentLockoutIsAudited() {
        var realm = Admin.demo().toRepresentation();
        realm.setPermanentLockout(true);
        // Failures in quick succession would first trigger Keycloak's quick-login temporary lockout.
        Long quickCheck = realm.getQuickLoginCheckMilliSeconds();
        realm.setQuickLoginCheckMilliSeconds(0L);
        Admin.demo().update(realm);
        try {
            DemoUsers.create("lockforever", "right-Passw0rd");
            for (int i = 0; i < 6; i++) {
                Tokens.password(DEMO, "demo-app", "lockforever", "wrong-" + i);
            }
            JsonNode entry = awaitDemo(e -> e.path("action").asText().equals("auth.lockout.permanent")
                    && e.path("resource").path("name").asText().equals("lockforever"));
            assertThat(entry.path("actionLabel").asText()).isEqualTo("Account locked");
        } finally {
            realm.setPermanentLockout(false);
            realm.setQuickLoginCheckMilliSeconds(quickCheck);
            Admin.demo().update(realm);
        }
    }

    @Test
    void serviceAccountLoginIsAudited() {
        Tokens.clientCredentials(DEMO, "siem-reader", "siem-demo-secret").accessToken();
        JsonNode entry = newestDemo("auth.client.login");
        assertThat(entry.path("actor").path("type").asText()).isEqualTo("service-account");
        assertThat(entry.path("actor").path("username").asText()).isEqualTo("service-account-siem-reader");
        assertThat(entry.path("actor").path("clientId").asText()).isEqualTo("siem-reader");
    }

    @Test
    void tokenExchangeIsAudited() {
        ClientRepresentation exchanger = new ClientRepresentation();
        exchanger.setClientId("exchanger");
        exchanger.setSecret("exchanger-secret");
        exchanger.setPublicClient(false);
        exchanger.setDirectAccessGrantsEnabled(true);
        exchanger.setAttributes(Map.of("standard.token.exchange.enabled", "true"));
        ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
        audience.setName("self-audience");
        audience.setProtocol("openid-connect");
        audience.setProtocolMapper("oidc-audience-mapper");
        audience.setConfig(Map.of("included.client.audience", "exchanger", "access.token.claim", "true"));
        exchanger.setProtocolMappers(List.of(audience));
        Admin.demo().clients().create(exchanger).close();

        Tokens.Grant subject = Tokens.token(DEMO, Map.of("grant_type", "password", "client_id", "exchanger",
                "client_secret", "exchanger-secret", "username", "bob", "password", "demo"));
        Tokens.Grant exchanged = Tokens.token(DEMO, Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "client_id", "exchanger", "client_secret", "exchanger-secret",
                "subject_token", subject.accessToken(),
                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
                "requested_token_type", "urn:ietf:params:oauth:token-type:access_token"));
        assertThat(exchanged.status()).as(String.valueOf(exchanged.body())).isEqualTo(200);
        JsonNode entry = newestDemo("auth.token.exchange", "bob");
        assertThat(entry.path("actor").path("clientId").asText()).isEqualTo("exchanger");
    }

    @Test
    void tokenRefreshesAreCapturedOnlyWhenTheRealmTurnsThemOn() {
        Tokens.Grant login = Tokens.password(DEMO, "demo-app", "bob", "demo");
        Map<String, String> refresh = Map.of("grant_type", "refresh_token", "client_id", "demo-app",
                "refresh_token", login.body().path("refresh_token").asText());
        assertThat(Tokens.token(DEMO, refresh).status()).isEqualTo(200);
        assertThat(AuditApi.anyDemo(e -> e.path("action").asText().equals("auth.token.refreshed"))).isFalse();

        AuditApi.Reply on = AuditApi.put(DEMO, "config", Tokens.masterAdmin(), "{\"highVolumeEvents\":true}");
        assertThat(on.status()).isEqualTo(200);
        Tokens.Grant again = Tokens.password(DEMO, "demo-app", "bob", "demo");
        assertThat(Tokens.token(DEMO, Map.of("grant_type", "refresh_token", "client_id", "demo-app",
                "refresh_token", again.body().path("refresh_token").asText())).status()).isEqualTo(200);
        assertThat(newestDemo("auth.token.refreshed", "bob").path("category").asText()).isEqualTo("authentication");
        AuditApi.put(DEMO, "config", Tokens.masterAdmin(), "{\"highVolumeEvents\":false}");
    }

    @Test
    void brokeredLoginThroughAnIdentityProviderIsAudited() {
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias("partner");
        idp.setProviderId("oidc");
        idp.setEnabled(true);
        idp.setTrustEmail(true);
        String partnerBase = "http://localhost:8080/realms/" + PartnerRealmConfig.REALM + "/protocol/openid-connect";
        idp.setConfig(Map.of("clientId", PartnerRealmConfig.CLIENT, "clientSecret", PartnerRealmConfig.SECRET,
                "authorizationUrl", partnerBase + "/auth", "tokenUrl", partnerBase + "/token",
                "clientAuthMethod", "client_secret_post", "validateSignature", "false", "syncMode", "IMPORT"));
        Admin.demo().identityProviders().create(idp).close();

        String redirect = "http://localhost:8500/callback";
        Browser browser = new Browser(redirect);
        Browser.Page login = browser.get("http://localhost:8080/realms/" + DEMO + "/protocol/openid-connect/auth"
                + "?client_id=demo-app&response_type=code&scope=openid&kc_idp_hint=partner&redirect_uri=" + redirect);
        Browser.Page done = browser.submit(login, Map.of("username", "pat", "password", "pat-pw"));
        assertThat(done.url().toString()).as(done.html()).startsWith(redirect).contains("code=");

        JsonNode entry = newestDemo("auth.idp.login", "pat");
        assertThat(entry.path("details").path("identity_provider").asText()).isEqualTo("partner");
        assertThat(entry.path("actor").path("username").asText()).isEqualTo("pat");
    }
}
