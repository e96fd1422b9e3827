package dev.kcaudit.audit.it;

import static dev.kcaudit.audit.it.support.Streams.DEMO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DatabaseIndependent;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.HecReceiver;
import dev.kcaudit.audit.it.support.Streams;
import dev.kcaudit.audit.it.support.Tokens;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/** Splunk HEC streams against a receiver speaking HEC: token, event envelope, OCSF, busy and back, token change. */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(DatabaseIndependent.class)
class StreamSplunkHecIT {

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    @Test
    void everyEntryArrivesAsAnOcsfHecEventInOrderThroughABusySpellAndATokenChange() throws Exception {
        String auditor = Tokens.demoUser("auditor");
        long t0 = System.currentTimeMillis() - 1000;
        String token = "hec-" + java.util.UUID.randomUUID();
        try (HecReceiver hec = new HecReceiver(token)) {
            AuditApi.Reply created = Streams.create(auditor, "{\"name\":\"splunk\",\"type\":\"splunk-hec\",\"url\":\""
                    + hec.url() + "\",\"token\":\"" + token + "\",\"format\":\"ocsf\",\"index\":\"identity\","
                    + "\"sourcetype\":\"keycloak:audit:ocsf\",\"batchSize\":4}");
            assertThat(created.status()).as("create: %s", created.body()).isEqualTo(201);
            assertThat(created.raw().body()).doesNotContain(token);
            String id = created.body().path("id").asText();
            long position = created.body().path("status").path("position").asLong();
            for (int i = 0; i < 5; i++) {
                Tokens.password(DEMO, "demo-app", "alice", DemoRealmConfig.PASSWORD);
            }
            hec.busy(true);
            Tokens.password(DEMO, "demo-app", "bob", "wrong-password");
            Streams.await(15, "a 503 from HEC", () -> Streams.get(auditor, id).path("status").path("lastStatus")
                    .asInt() == 503);
            hec.busy(false);
            List<String> expected = Streams.ids(Streams.sequencedAfter(auditor, t0, position));
            Streams.await(30, "every entry at HEC", () -> uids(hec).containsAll(expected));
            List<String> arrived = new ArrayList<>(uids(hec));
            arrived.retainAll(expected);
            assertThat(arrived.stream().distinct().toList()).isEqualTo(expected);
            assertThat(hec.rejected).isEmpty();
            JsonNode first = hec.events.get(0);
            assertThat(first.path("index").asText()).isEqualTo("identity");
            assertThat(first.path("sourcetype").asText()).isEqualTo("keycloak:audit:ocsf");
            assertThat(first.path("event").path("class_uid").isInt()).isTrue();
            assertThat(first.path("time").asDouble() * 1000).isCloseTo(first.path("event").path("time").asDouble(),
                    org.assertj.core.data.Offset.offset(1.0));

            // A changed token: the old one no longer works at HEC, the new one does, neither is shown.
            String newToken = "hec-" + java.util.UUID.randomUUID();
            AuditApi.Reply put = AuditApi.send("PUT", DEMO, "streams/" + id, auditor, "{\"name\":\"splunk\","
                    + "\"type\":\"splunk-hec\",\"url\":\"" + hec.url() + "\",\"token\":\"" + newToken + "\","
                    + "\"format\":\"ocsf\",\"batchSize\":4}");
            assertThat(put.status()).isEqualTo(200);
            assertThat(put.raw().body()).doesNotContain(newToken).doesNotContain(token);
            AuditApi.Reply test = AuditApi.post(DEMO, "streams/" + id + "/test", auditor, null);
            assertThat(test.body().path("status").asInt()).as("HEC refuses the new token: %s", test.body())
                    .isEqualTo(401);
            assertThat(test.body().path("error").asText()).contains("Invalid token");
            AuditApi.newest(DEMO, auditor, e -> e.path("action").asText().equals("audit.stream.updated")
                    && id.equals(e.path("resource").path("id").asText())
                    && e.path("details").path("secretsChanged").asBoolean());
            Streams.delete(auditor, id);
        }
    }

    private static List<String> uids(HecReceiver hec) {
        return hec.events.stream().map(e -> e.path("event").path("metadata").path("uid").asText()).toList();
    }
}
