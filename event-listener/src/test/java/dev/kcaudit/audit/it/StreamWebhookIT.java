package dev.kcaudit.audit.it;

import static dev.kcaudit.audit.it.support.Streams.DEMO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Streams;
import dev.kcaudit.audit.it.support.Tokens;
import dev.kcaudit.audit.it.support.WebhookReceiver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/** Webhook streams against a real receiver: order, signatures, faults and recovery, replay, test events. */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class StreamWebhookIT {

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    private static void logins(int good, int bad) {
        for (int i = 0; i < good; i++) {
            Tokens.password(DEMO, "demo-app", "alice", DemoRealmConfig.PASSWORD);
        }
        for (int i = 0; i < bad; i++) {
            Tokens.password(DEMO, "demo-app", "carol", "wrong-password");
        }
    }

    /** Creates a webhook stream to the receiver and gives the receiver its secret. */
    private static JsonNode create(String token, WebhookReceiver receiver, String extra) {
        AuditApi.Reply r = Streams.create(token, "{\"name\":\"wh-" + System.nanoTime() + "\",\"type\":\"webhook\","
                + "\"url\":\"" + receiver.url() + "\",\"batchSize\":5" + extra + "}");
        assertThat(r.status()).as("create: %s", r.body()).isEqualTo(201);
        assertThat(r.raw().headers().firstValue("Location").orElseThrow()).endsWith("/streams/" + r.body().path("id").asText());
        receiver.secret(r.body().path("secret").asText());
        return r.body();
    }

    /** Every entry numbered after the stream's start arrives, in sequence order; returns them. */
    private static List<String> awaitAll(WebhookReceiver receiver, String token, long from, long position)
            throws InterruptedException {
        List<String> expected = Streams.ids(Streams.sequencedAfter(token, from, position));
        Streams.await(30, "the receiver to get " + expected.size() + " entries", () -> receiver.ids().containsAll(expected));
        List<String> seen = new ArrayList<>(receiver.ids());
        seen.retainAll(expected);
        List<String> firstTimes = seen.stream().distinct().toList();
        assertThat(firstTimes).as("first arrivals in sequence order").isEqualTo(expected);
        return expected;
    }

    @Test
    void everyEntryArrivesSignedInSequenceOrderAndTheSecretIsShownOnce() throws Exception {
        String auditor = Tokens.demoUser("auditor");
        long t0 = System.currentTimeMillis() - 1000;
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonNode created = create(auditor, receiver, "");
            String id = created.path("id").asText();
            String secret = created.path("secret").asText();
            assertThat(secret).startsWith("whsec_");
            assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
            logins(12, 3);
            awaitAll(receiver, auditor, t0, created.path("status").path("position").asLong());
            assertThat(receiver.rejected).as("signature and timestamp checks").isEmpty();
            assertThat(receiver.ids()).as("no duplicates without faults").doesNotHaveDuplicates();
            List<Long> seqs = receiver.entries.stream().map(e -> e.path("integrity").path("seq").asLong()).toList();
            assertThat(seqs).isSorted();
            // Write-only: never in a read of the stream, the list, or a change's answer.
            JsonNode read = Streams.get(auditor, id);
            assertThat(read.has("secret")).isFalse();
            assertThat(read.path("secretSet").asBoolean()).isTrue();
            assertThat(read.toString()).doesNotContain(secret.substring(6));
            assertThat(AuditApi.get(DEMO, "streams", auditor).raw().body()).doesNotContain(secret.substring(6));
            AuditApi.Reply put = AuditApi.send("PUT", DEMO, "streams/" + id, auditor, "{\"name\":\"renamed\","
                    + "\"type\":\"webhook\",\"url\":\"" + receiver.url() + "\",\"batchSize\":5}");
            assertThat(put.status()).isEqualTo(200);
            assertThat(put.raw().body()).doesNotContain(secret.substring(6)).doesNotContain("\"secret\"");
            JsonNode status = Streams.get(auditor, id).path("status");
            assertThat(status.path("state").asText()).isEqualTo("ACTIVE");
            assertThat(status.path("delivered").asLong()).isGreaterThanOrEqualTo(15);
            assertThat(status.path("lagEntries").asLong()).isLessThan(5);
            // Keycloak's metrics endpoint publishes the stream's meters.
            String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:9000/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            java.util.regex.Matcher delivered = java.util.regex.Pattern.compile("keycloak_audit_stream_delivered_total\\{"
                    + "[^}]*stream=\"" + id + "\"[^}]*} ([0-9.E]+)").matcher(metrics);
            assertThat(delivered.find()).as("delivered counter in /metrics").isTrue();
            assertThat(Double.parseDouble(delivered.group(1))).isGreaterThanOrEqualTo(15);
            assertThat(metrics).containsPattern("keycloak_audit_stream_lag_seconds\\{[^}]*stream=\"" + id + "\"");
            Streams.delete(auditor, id);
        }
    }

    @Test
    void aReceiverAnswering500ThenFailingIsRetriedMarkedFailingAndGetsEverythingWhenBack() throws Exception {
        String auditor = Tokens.demoUser("auditor");
        long t0 = System.currentTimeMillis() - 1000;
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonNode created = create(auditor, receiver, "");
            String id = created.path("id").asText();
            receiver.mode(WebhookReceiver.Mode.FAIL_500);
            logins(3, 0);
            Streams.await(15, "RETRYING with 500", () -> Streams.get(auditor, id).path("status").path("lastStatus")
                    .asInt() == 500);
            Streams.await(15, "FAILING after 3 s", () -> Streams.get(auditor, id).path("status").path("state").asText()
                    .equals("FAILING"));
            JsonNode failing = Streams.get(auditor, id).path("status");
            assertThat(failing.path("lastError").asText()).contains("HTTP 500").contains("receiver broken");
            assertThat(failing.path("lagEntries").asLong()).isGreaterThanOrEqualTo(3);
            JsonNode attempts = AuditApi.get(DEMO, "streams/" + id + "/attempts", auditor).body();
            assertThat(attempts.get(0).path("ok").asBoolean()).isFalse();
            assertThat(attempts.get(0).path("status").asInt()).isEqualTo(500);
            receiver.mode(WebhookReceiver.Mode.OK);
            awaitAll(receiver, auditor, t0, created.path("status").path("position").asLong());
            Streams.await(10, "ACTIVE again", () -> Streams.get(auditor, id).path("status").path("state").asText()
                    .equals("ACTIVE"));
            Streams.delete(auditor, id);
        }
    }

    @Test
    void aReceiverThatIsDownAsksToWaitOrHangsGetsEverythingLaterAndRetryAfterIsHonoured() throws Exception {
        String auditor = Tokens.demoUser("auditor");
        long t0 = System.currentTimeMillis() - 1000;
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonNode created = create(auditor, receiver, "");
            String id = created.path("id").asText();
            receiver.down();
            logins(4, 1);
            Streams.await(15, "a refused attempt", () -> {
                JsonNode a = AuditApi.get(DEMO, "streams/" + id + "/attempts", auditor).body();
                return a.size() > 0 && !a.get(0).path("ok").asBoolean() && !a.get(0).path("status").isInt();
            });
            receiver.up();
            receiver.mode(WebhookReceiver.Mode.TOO_MANY);
            receiver.retryAfter(1);
            int before = receiver.requestTimes.size();
            Streams.await(20, "four answers of 429", () -> receiver.requestTimes.size() >= before + 4);
            List<Long> times = receiver.requestTimes.subList(before, before + 4);
            for (int i = 1; i < times.size(); i++) {
                assertThat(times.get(i) - times.get(i - 1)).as("Retry-After: 1 honoured").isGreaterThanOrEqualTo(950);
            }
            receiver.mode(WebhookReceiver.Mode.HANG);
            Streams.await(20, "an attempt that timed out", () -> {
                JsonNode a = AuditApi.get(DEMO, "streams/" + id + "/attempts", auditor).body();
                return a.size() > 0 && a.get(0).path("error").asText().startsWith("timed out after 3000 ms");
            });
            receiver.mode(WebhookReceiver.Mode.OK);
            awaitAll(receiver, auditor, t0, created.path("status").path("position").asLong());
            Streams.delete(auditor, id);
        }
    }

    @Test
    void replayRedeliversFromATimeAndATestEventArrivesAtOnce() throws Exception {
        String auditor = Tokens.demoUser("auditor");
        long t0 = System.currentTimeMillis() - 1000;
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonNode created = create(auditor, receiver, ",\"encoding\":\"json\"");
            String id = created.path("id").asText();
            logins(5, 0);
            List<String> first = awaitAll(receiver, auditor, t0, created.path("status").path("position").asLong());
            int mark = receiver.entries.size();
            AuditApi.Reply replay = AuditApi.post(DEMO, "streams/" + id + "/replay", auditor,
                    "{\"from\":\"" + Instant.ofEpochMilli(t0) + "\"}");
            assertThat(replay.status()).as("replay: %s", replay.body()).isEqualTo(200);
            Streams.await(30, "the replayed entries", () -> receiver.ids().subList(mark, receiver.ids().size())
                    .containsAll(first));
            List<String> again = new ArrayList<>(receiver.ids().subList(mark, receiver.ids().size()));
            again.retainAll(first);
            assertThat(again.stream().distinct().toList()).isEqualTo(first);

            AuditApi.Reply test = AuditApi.post(DEMO, "streams/" + id + "/test", auditor, null);
            assertThat(test.status()).isEqualTo(200);
            assertThat(test.body().path("ok").asBoolean()).as("test: %s", test.body()).isTrue();
            JsonNode body = receiver.bodies.stream().filter(b -> b.path("type").asText().equals("audit.test"))
                    .findFirst().orElseThrow();
            assertThat(body.path("entries").get(0).path("action").asText()).isEqualTo("audit.stream.tested");
            assertThat(body.path("entries").get(0).path("id").asText()).isEqualTo(test.body().path("entryId").asText());
            assertThat(AuditApi.post(DEMO, "streams/" + id + "/replay", auditor, "{}").status()).isEqualTo(400);
            Streams.delete(auditor, id);
            for (String action : List.of("audit.stream.created", "audit.stream.replayed", "audit.stream.tested",
                    "audit.stream.deleted")) {
                AuditApi.newest(DEMO, auditor, e -> e.path("action").asText().equals(action)
                        && id.equals(e.path("resource").path("id").asText()));
            }
        }
    }

    /**
     * A URL's query values (often an intake key: Datadog, SecOps) are stored as a secret and shown as {@code ***}:
     * deliveries still go to the whole URL, and a PUT that sends the URL back as shown keeps the stored values.
     */
    @Test
    void aUrlsQueryKeyIsShownMaskedButDeliveriesAndEditsKeepIt() throws Exception {
        String auditor = Tokens.demoUser("auditor");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            AuditApi.Reply created = Streams.create(auditor, "{\"name\":\"keyed-" + System.nanoTime()
                    + "\",\"type\":\"webhook\",\"url\":\"" + receiver.url() + "?api-key=k1&tag=a\"}");
            assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
            receiver.secret(created.body().path("secret").asText());
            String id = created.body().path("id").asText();
            String shown = created.body().path("url").asText();
            assertThat(shown).isEqualTo(receiver.url() + "?api-key=***&tag=***");

            assertThat(AuditApi.post(DEMO, "streams/" + id + "/test", auditor, null).body().path("ok").asBoolean())
                    .isTrue();
            assertThat(receiver.queries).last().isEqualTo("api-key=k1&tag=a");

            AuditApi.Reply edited = AuditApi.send("PUT", DEMO, "streams/" + id, auditor, "{\"name\":\"renamed-"
                    + System.nanoTime() + "\",\"type\":\"webhook\",\"url\":\"" + shown + "\"}");
            assertThat(edited.status()).as(edited.body().toString()).isEqualTo(200);
            assertThat(edited.body().path("url").asText()).isEqualTo(shown);
            assertThat(AuditApi.post(DEMO, "streams/" + id + "/test", auditor, null).body().path("ok").asBoolean())
                    .isTrue();
            assertThat(receiver.queries).last().as("the stored key, not ***").isEqualTo("api-key=k1&tag=a");

            assertThat(AuditApi.send("PUT", DEMO, "streams/" + id, auditor, "{\"name\":\"rekeyed\","
                    + "\"type\":\"webhook\",\"url\":\"" + receiver.url() + "?api-key=k2\"}").status())
                    .isEqualTo(200);
            assertThat(AuditApi.post(DEMO, "streams/" + id + "/test", auditor, null).body().path("ok").asBoolean())
                    .isTrue();
            assertThat(receiver.queries).last().as("a new key given in full replaces it").isEqualTo("api-key=k2");
            Streams.delete(auditor, id);
        }
    }
}
