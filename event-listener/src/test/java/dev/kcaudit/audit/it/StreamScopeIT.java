package dev.kcaudit.audit.it;

import static dev.kcaudit.audit.it.support.Streams.DEMO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.Admin;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Streams;
import dev.kcaudit.audit.it.support.Tokens;
import dev.kcaudit.audit.it.support.WebhookReceiver;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/** What a stream may send and who may manage it: filters, organization scope, permissions, bad input. */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class StreamScopeIT {

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    private static String org(String alias) {
        return Admin.demo().organizations().getAll().stream().filter(o -> o.getAlias().equals(alias))
                .map(OrganizationRepresentation::getId).findFirst().orElseThrow();
    }

    private static JsonNode create(String token, WebhookReceiver receiver, String extra) {
        AuditApi.Reply r = Streams.create(token, "{\"name\":\"scope-" + System.nanoTime() + "\",\"type\":\"webhook\","
                + "\"url\":\"" + receiver.url() + "\"" + extra + "}");
        assertThat(r.status()).as("create: %s", r.body()).isEqualTo(201);
        receiver.secret(r.body().path("secret").asText());
        return r.body();
    }

    @Test
    void aFilteredStreamSendsOnlyMatchingEntries() throws Exception {
        String auditor = Tokens.demoUser("auditor");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String id = create(auditor, receiver, ",\"filter\":{\"categories\":[\"authentication\"],"
                    + "\"outcomes\":[\"failure\"]}").path("id").asText();
            for (int i = 0; i < 3; i++) {
                Tokens.password(DEMO, "demo-app", "alice", DemoRealmConfig.PASSWORD);
                Tokens.password(DEMO, "demo-app", "dave", "wrong-password");
            }
            Streams.await(20, "three failed logins", () -> receiver.entries.size() >= 3);
            Thread.sleep(1500); // anything else would have arrived by now
            assertThat(receiver.entries).allSatisfy(e -> {
                assertThat(e.path("category").asText()).isEqualTo("authentication");
                assertThat(e.path("outcome").path("result").asText()).isEqualTo("failure");
            });
            assertThat(receiver.entries.stream().filter(e -> e.path("action").asText().equals("auth.login.failed")))
                    .hasSizeGreaterThanOrEqualTo(3);
            Streams.delete(auditor, id);
        }
    }

    @Test
    void anOrganizationAdminsStreamSendsOnlyTheirOrganizationAndTheyManageOnlyTheirStreams() throws Exception {
        String auditor = Tokens.demoUser("auditor");
        String acmeAdmin = Tokens.demoUser("acme-admin");
        String acme = org("acme");
        String globex = org("globex");
        try (WebhookReceiver realmWide = new WebhookReceiver(); WebhookReceiver acmeOnly = new WebhookReceiver()) {
            String auditorStream = create(auditor, realmWide, "").path("id").asText();
            JsonNode own = create(acmeAdmin, acmeOnly, "");
            String acmeStream = own.path("id").asText();
            assertThat(own.path("organizations")).extracting(JsonNode::asText).containsExactly(acme);
            assertThat(own.path("status").has("position")).as("no realm-wide sequence numbers").isFalse();
            for (int i = 0; i < 3; i++) {
                Tokens.password(DEMO, "demo-app", "alice", DemoRealmConfig.PASSWORD);
                Tokens.password(DEMO, "demo-app", "bob", DemoRealmConfig.PASSWORD);
            }
            Streams.await(20, "bob's and alice's logins realm-wide", () -> realmWide.entries.stream()
                    .filter(e -> e.path("action").asText().equals("auth.login")).count() >= 6);
            Streams.await(20, "alice's logins for Acme", () -> acmeOnly.entries.stream()
                    .filter(e -> e.path("actor").path("username").asText().equals("alice")).count() >= 3);
            assertThat(acmeOnly.entries).isNotEmpty().allSatisfy(e -> {
                assertThat(e.path("organizations")).extracting(o -> o.path("id").asText()).containsOnly(acme);
                assertThat(e.path("actor").path("username").asText()).isNotEqualTo("bob");
                assertThat(e.has("integrity") && !e.path("integrity").isNull()).isFalse();
            });
            // Replay and the test event stay in scope too.
            AuditApi.Reply replay = AuditApi.post(DEMO, "streams/" + acmeStream + "/replay", acmeAdmin,
                    "{\"from\":\"" + java.time.Instant.now().minusSeconds(120) + "\"}");
            assertThat(replay.status()).isEqualTo(200);
            assertThat(AuditApi.post(DEMO, "streams/" + acmeStream + "/test", acmeAdmin, null).body().path("ok")
                    .asBoolean()).isTrue();
            Thread.sleep(2000);
            assertThat(acmeOnly.entries).allSatisfy(e -> assertThat(e.path("organizations"))
                    .extracting(o -> o.path("id").asText()).containsOnly(acme));

            // Who sees and manages what.
            List<String> acmeSees = AuditApi.get(DEMO, "streams", acmeAdmin).body().findValuesAsText("id");
            assertThat(acmeSees).contains(acmeStream).doesNotContain(auditorStream);
            assertThat(AuditApi.get(DEMO, "streams", auditor).body().findValuesAsText("id"))
                    .contains(acmeStream, auditorStream);
            assertThat(AuditApi.get(DEMO, "streams/" + auditorStream, acmeAdmin).status()).isEqualTo(404);
            assertThat(AuditApi.delete(DEMO, "streams/" + auditorStream, acmeAdmin).status()).isEqualTo(404);
            assertThat(AuditApi.post(DEMO, "streams/" + acmeStream + "/replay", acmeAdmin, "{\"afterSeq\":0}")
                    .status()).isEqualTo(400);
            assertThat(Streams.create(acmeAdmin, "{\"name\":\"x\",\"type\":\"webhook\",\"url\":\"" + acmeOnly.url()
                    + "\",\"filter\":{\"organizations\":[\"" + globex + "\"]}}").status()).isEqualTo(403);
            assertThat(Streams.create(Tokens.demoUser("alice"), "{\"name\":\"x\",\"type\":\"webhook\",\"url\":\""
                    + acmeOnly.url() + "\"}").status()).isEqualTo(403);
            assertThat(AuditApi.get(DEMO, "entries?action=audit.stream.created&max=100", acmeAdmin).body()
                    .path("entries").findValuesAsText("id")).isNotEmpty();
            Streams.delete(acmeAdmin, acmeStream);
            Streams.delete(auditor, auditorStream);
        }
    }

    @Test
    void badStreamDefinitionsGetA400NamingTheField() {
        String auditor = Tokens.demoUser("auditor");
        String ok = "\"name\":\"bad\",\"type\":\"webhook\",\"url\":\"https://example.test/in\"";
        List<String[]> cases = List.of(
                new String[] {"{\"type\":\"webhook\",\"url\":\"https://example.test\"}", "name"},
                new String[] {"{\"name\":\"x\",\"type\":\"pigeon\",\"url\":\"https://example.test\"}", "type"},
                new String[] {"{\"name\":\"x\",\"type\":\"webhook\",\"url\":\"ftp://example.test\"}", "url"},
                new String[] {"{" + ok + ",\"batchSize\":0}", "batchSize"},
                new String[] {"{" + ok + ",\"format\":\"xml\"}", "format"},
                new String[] {"{" + ok + ",\"filter\":{\"actions\":[\"no.such\"]}}", "filter.actions"},
                new String[] {"{" + ok + ",\"secret\":\"whsec_mine\"}", "secret"},
                new String[] {"{" + ok + ",\"headers\":{\"webhook-id\":\"x\"}}", "headers"},
                new String[] {"{" + ok + ",\"surprise\":1}", "surprise"},
                new String[] {"{\"name\":\"x\",\"type\":\"splunk-hec\",\"url\":\"https://example.test\"}", "token"},
                new String[] {"[]", "body"});
        for (String[] c : cases) {
            AuditApi.Reply r = Streams.create(auditor, c[0]);
            assertThat(r.status()).as("%s -> %s", c[0], r.body()).isEqualTo(400);
            assertThat(r.body().path("parameter").asText()).as(c[0]).isEqualTo(c[1]);
        }
    }
}
