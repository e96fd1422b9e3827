package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcaudit.audit.it.support.Admin;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.AuditSinks;
import dev.kcaudit.audit.it.support.CensusRealmConfig;
import dev.kcaudit.audit.it.support.KeyProviders;
import dev.kcaudit.audit.it.support.KeycloakVersion;
import dev.kcaudit.audit.it.support.Markers;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Scim;
import dev.kcaudit.audit.it.support.Tokens;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * The secret census (docs/security.md, "Secret-bearing endpoints"): drives every admin endpoint that accepts or
 * returns secret material, with a fresh marker in every secret field (or, where Keycloak generates the secret, the
 * real secret read back), and proves that none of them is in any entry, feed page, export or stored row, while the
 * entries for those operations exist.
 */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class SecretCensusIT {

    private static final String REALM = CensusRealmConfig.REALM;
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectRealm(ref = "census", config = CensusRealmConfig.class)
    ManagedRealm census;

    private final Markers markers = new Markers();
    /** Resource paths whose admin events must have become entries. */
    private final List<String> paths = new ArrayList<>();

    @Test
    void noPlantedSecretReachesAnyEntryFeedExportOrStoredRow() throws Exception {
        String from = Instant.now().minusSeconds(300).toString();
        String admin = Tokens.masterAdmin();
        assertThat(AuditApi.put(REALM, "config", admin, "{\"redactedAttributes\":[\"ssn\"]}").status()).isEqualTo(200);
        RealmResource realm = Admin.master().realm(REALM);

        users(realm);
        if (KeycloakVersion.has(KeycloakVersion.Feature.NATIVE_SCIM)) {
            scim(); // Keycloak 26.4 and 26.5 have no SCIM API to plant secrets through
        }
        confidentialClient(realm);
        samlClient(realm);
        identityProvider(realm);
        smtp(realm);
        streams(admin);
        KeyProviders keys = new KeyProviders(realm, census.getId(), markers, paths);
        keys.plantAll();
        keys.plantLdap();
        Tokens.Grant login = Tokens.password(REALM, "census-app", CensusRealmConfig.USER, CensusRealmConfig.PASSWORD);
        markers.real("access token", login.accessToken());
        markers.real("refresh token", login.body().path("refresh_token").asText());
        boolean remote = "remote".equals(System.getProperty("kc.test.database"));
        if (remote) {
            keys.recordGeneratedSecrets();
        }

        String entries = AuditSinks.entries(REALM, admin, from);
        capturesHappened(entries);
        // Every sink is read before anything is asserted, so one run shows every leak.
        Map<String, List<String>> leaks = new LinkedHashMap<>();
        leaks.put("entries (API)", markers.foundIn(entries));
        String until = Instant.now().plusSeconds(5).toString();
        for (String format : List.of("native", "ocsf")) {
            leaks.put(format + " feed", markers.foundIn(AuditSinks.feed(REALM, admin, from, until, format)));
        }
        for (String format : List.of("csv", "json", "xlsx", "pdf")) {
            leaks.put(format + " export", markers.foundIn(AuditSinks.export(REALM, admin, format, from)));
        }
        leaks.put("export job file", markers.foundIn(AuditSinks.exportJob(REALM, admin, "json", from).text()));
        if (remote) {
            Map<String, String> tables = AuditSinks.tables();
            assertThat(tables).containsKeys("AUDIT_ENTRY", "AUDIT_RESOURCE_STATE", "AUDIT_EXPORT_CHUNK", "AUDIT_STREAM");
            assertThat(tables.get("AUDIT_STREAM")).as("the census's streams are stored").contains("census-hec");
            assertThat(tables.get("AUDIT_RESOURCE_STATE")).as("baselines kept").isNotBlank();
            tables.forEach((table, rows) -> leaks.put("table " + table, markers.foundIn(rows)));
        } else {
            System.out.println("[audit-it] SecretCensusIT: the stored rows and Keycloak's generated keys are read by"
                    + " SQL on the PostgreSQL and MariaDB runs only; the embedded H2 run checks the API, feed and exports");
        }
        leaks.values().removeIf(List::isEmpty);
        assertThat(leaks).as("planted secrets found, by sink").isEmpty();
    }

    /**
     * Log streams (paused, so nothing is sent): a webhook's generated signing secret, a custom header value and a
     * URL's query value, a Splunk HEC token and its replacement, a Kafka SASL password and its replacement. None may
     * be returned by the streams API either.
     */
    private void streams(String admin) {
        String header = markers.fresh("webhook header value");
        String query = markers.fresh("webhook URL query value");
        AuditApi.Reply webhook = AuditApi.post(REALM, "streams", admin, "{\"name\":\"census-webhook\","
                + "\"type\":\"webhook\",\"url\":\"https://receiver.census.test/in?key=" + query + "\","
                + "\"headers\":{\"Authorization\":\"Bearer " + header + "\"},\"paused\":true}");
        assertThat(webhook.status()).as("webhook stream: %s", webhook.body()).isEqualTo(201);
        markers.real("webhook signing secret", webhook.body().path("secret").asText());
        String token = markers.fresh("Splunk HEC token");
        AuditApi.Reply hec = AuditApi.post(REALM, "streams", admin, "{\"name\":\"census-hec\",\"type\":\"splunk-hec\","
                + "\"url\":\"https://splunk.census.test:8088\",\"token\":\"" + token + "\",\"paused\":true}");
        assertThat(hec.status()).as("HEC stream: %s", hec.body()).isEqualTo(201);
        String newToken = markers.fresh("Splunk HEC token, changed");
        AuditApi.Reply put = AuditApi.send("PUT", REALM, "streams/" + hec.body().path("id").asText(), admin,
                "{\"name\":\"census-hec\",\"type\":\"splunk-hec\",\"url\":\"https://splunk.census.test:8088\","
                        + "\"token\":\"" + newToken + "\"}");
        assertThat(put.status()).as("HEC change: %s", put.body()).isEqualTo(200);
        String kafkaBody = "{\"name\":\"census-kafka\",\"type\":\"kafka\",\"bootstrapServers\":"
                + "\"kafka.census.test:9093\",\"topic\":\"audit\",\"securityProtocol\":\"SASL_SSL\","
                + "\"saslMechanism\":\"SCRAM-SHA-512\",\"saslUsername\":\"census\",\"paused\":true,"
                + "\"saslPassword\":\"";
        AuditApi.Reply kafka = AuditApi.post(REALM, "streams", admin, kafkaBody + markers.fresh("Kafka SASL password")
                + "\"}");
        assertThat(kafka.status()).as("kafka stream: %s", kafka.body()).isEqualTo(201);
        AuditApi.Reply kafkaPut = AuditApi.send("PUT", REALM, "streams/" + kafka.body().path("id").asText(), admin,
                kafkaBody + markers.fresh("Kafka SASL password, changed") + "\"}");
        assertThat(kafkaPut.status()).as("kafka change: %s", kafkaPut.body()).isEqualTo(200);
        String api = webhook.raw().body().replace(webhook.body().path("secret").asText(), "") + put.raw().body()
                + hec.raw().body() + kafka.raw().body() + kafkaPut.raw().body()
                + AuditApi.get(REALM, "streams", admin).raw().body()
                + AuditApi.get(REALM, "streams/" + kafka.body().path("id").asText(), admin).raw().body();
        assertThat(markers.foundIn(api)).as("stream secrets returned by the streams API").isEmpty();
    }

    /** Every driven operation left its entry: the census cannot pass by capturing nothing. */
    private void capturesHappened(String pages) throws Exception {
        List<String> seen = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        for (String page : pages.split("\n")) {
            for (JsonNode e : JSON.readTree(page).path("entries")) {
                seen.add(e.path("details").path("resourcePath").asText());
                actions.add(e.path("action").asText());
            }
        }
        assertThat(seen).as("captured admin operations").containsAll(paths);
        assertThat(actions).as("the SMTP change (a realm update) and the login").contains("realm.updated", "auth.login");
        assertThat(actions).as("the streams' creation and change").contains("audit.stream.created", "audit.stream.updated");
        // Three of them go through SCIM, which Keycloak 26.4 and 26.5 lack.
        assertThat(markers.labels()).hasSizeGreaterThanOrEqualTo(
                KeycloakVersion.has(KeycloakVersion.Feature.NATIVE_SCIM) ? 25 : 22);
    }

    private void users(RealmResource realm) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername("secretive");
        user.setEnabled(true);
        user.setAttributes(Map.of("ssn", List.of(markers.fresh("user attribute ssn (redactedAttributes)"))));
        user.setCredentials(List.of(password(markers.fresh("user create credentials[].value"))));
        String id;
        try (Response created = realm.users().create(user)) {
            id = Admin.createdId(created);
        }
        paths.add("users/" + id);
        realm.users().get(id).resetPassword(password(markers.fresh("reset-password value")));
        paths.add("users/" + id + "/reset-password");
        UserRepresentation stored = realm.users().get(id).toRepresentation();
        stored.setAttributes(Map.of("ssn", List.of(markers.fresh("user update attribute ssn"))));
        realm.users().get(id).update(stored);
    }

    private static CredentialRepresentation password(String value) {
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(value);
        password.setTemporary(false);
        return password;
    }

    private void scim() {
        Scim.Reply created = scim("POST", "Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"scim-census",
                 "name":{"givenName":"Sc","familyName":"Im"},"emails":[{"value":"scim@census.test"}],
                 "password":"%s","active":true}""".formatted(markers.fresh("SCIM create password")));
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        String id = created.body().path("id").asText();
        Scim.Reply replaced = scim("PUT", "Users/" + id, """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"%s","userName":"scim-census",
                 "name":{"givenName":"Sc","familyName":"Im"},"emails":[{"value":"scim@census.test"}],
                 "password":"%s","active":true}""".formatted(id, markers.fresh("SCIM PUT password")));
        assertThat(replaced.status()).as(String.valueOf(replaced.body())).isEqualTo(200);
        Scim.Reply patched = scim("PATCH", "Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
                 {"op":"replace","path":"password","value":"%s"},
                 {"op":"replace","value":{"password":"%s","displayName":"Patched"}}]}"""
                .formatted(markers.fresh("SCIM PATCH path=password value"), markers.fresh("SCIM PATCH value.password")));
        assertThat(patched.status()).as(String.valueOf(patched.body())).isEqualTo(200);
        paths.add("scim/v2/Users/" + id);
    }

    private static Scim.Reply scim(String method, String path, String json) {
        return Scim.send(REALM, CensusRealmConfig.SCIM_CLIENT, CensusRealmConfig.SCIM_SECRET, method, path, json);
    }

    /** Create and update with a secret, regenerate (rotate) it, drop the rotated one, get a registration token. */
    private void confidentialClient(RealmResource realm) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId("census-confidential");
        client.setPublicClient(false);
        client.setServiceAccountsEnabled(true);
        client.setSecret(markers.fresh("client create secret"));
        String id;
        try (Response created = realm.clients().create(client)) {
            id = Admin.createdId(created);
        }
        paths.add("clients/" + id);
        ClientResource resource = realm.clients().get(id);
        ClientRepresentation stored = resource.toRepresentation();
        stored.setSecret(markers.fresh("client update secret"));
        resource.update(stored);
        markers.real("regenerated client secret", resource.generateNewSecret().getValue());
        paths.add("clients/" + id + "/client-secret");
        resource.invalidateRotatedSecret();
        paths.add("clients/" + id + "/client-secret/rotated");
        markers.real("registration access token", resource.regenerateRegistrationAccessToken().getRegistrationAccessToken());
        paths.add("clients/" + id + "/registration-access-token");
    }

    /** Generate both SAML key pairs, then save the client as the console does: the whole representation back. */
    private void samlClient(RealmResource realm) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId("urn:census:saml");
        client.setProtocol("saml");
        client.setAttributes(new HashMap<>(Map.of("saml.client.signature", "true", "saml.encrypt", "true")));
        String id;
        try (Response created = realm.clients().create(client)) {
            id = Admin.createdId(created);
        }
        paths.add("clients/" + id);
        ClientResource resource = realm.clients().get(id);
        for (String attribute : List.of("saml.signing", "saml.encryption")) {
            markers.real(attribute + " private key (generate)",
                    resource.getCertficateResource(attribute).generate().getPrivateKey());
            paths.add("clients/" + id + "/certificates/" + attribute + "/generate");
        }
        ClientRepresentation stored = resource.toRepresentation();
        stored.setDescription("saved by the console");
        resource.update(stored);
    }

    private void identityProvider(RealmResource realm) {
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias("census-idp");
        idp.setProviderId("oidc");
        idp.setConfig(new HashMap<>(Map.of("clientId", "census", "clientSecret", markers.fresh("IdP create clientSecret"),
                "authorizationUrl", "https://idp.census.test/auth", "tokenUrl", "https://idp.census.test/token")));
        realm.identityProviders().create(idp).close();
        paths.add("identity-provider/instances/census-idp");
        IdentityProviderRepresentation stored = realm.identityProviders().get("census-idp").toRepresentation();
        stored.getConfig().put("clientSecret", markers.fresh("IdP update clientSecret"));
        realm.identityProviders().get("census-idp").update(stored);
    }

    private void smtp(RealmResource realm) {
        RealmRepresentation rep = realm.toRepresentation();
        rep.setSmtpServer(Map.of("host", "smtp.census.test", "from", "audit@census.test", "auth", "true",
                "user", "mailer", "password", markers.fresh("SMTP password"),
                "authTokenClientSecret", markers.fresh("SMTP authTokenClientSecret")));
        realm.update(rep);
    }
}
