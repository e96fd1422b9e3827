package dev.kcaudit.audit.it;

import static dev.kcaudit.audit.it.support.Streams.DEMO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcaudit.audit.it.support.Admin;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DatabaseIndependent;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.KafkaBroker;
import dev.kcaudit.audit.it.support.Streams;
import dev.kcaudit.audit.it.support.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Kafka streams into a real broker (KRaft, started by the test): every entry once per key with its key and headers,
 * in sequence order within each partition, after a broker outage too; filters and organization scope; SASL_SSL
 * with a CA certificate, a wrong and then a changed password, which no answer shows.
 */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(DatabaseIndependent.class)
class StreamKafkaIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaBroker broker;

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new KafkaBroker();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private static String topic(String name) throws Exception {
        String topic = name + "-" + System.nanoTime();
        broker.createTopic(topic, 3);
        return topic;
    }

    private static JsonNode create(String token, String topic, String extra) {
        AuditApi.Reply r = Streams.create(token, "{\"name\":\"kafka-" + System.nanoTime() + "\",\"type\":\"kafka\","
                + "\"bootstrapServers\":\"" + broker.plainBootstrap() + "\",\"topic\":\"" + topic + "\","
                + "\"securityProtocol\":\"PLAINTEXT\",\"batchSize\":5" + extra + "}");
        assertThat(r.status()).as("create: %s", r.body()).isEqualTo(201);
        return r.body();
    }

    private static List<ConsumerRecord<String, String>> records(String topic) {
        return broker.records(topic);
    }

    private static JsonNode value(ConsumerRecord<String, String> r) {
        try {
            return JSON.readTree(r.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> headers(ConsumerRecord<String, String> r, String name) {
        List<String> out = new ArrayList<>();
        for (Header h : r.headers().headers(name)) {
            out.add(new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static List<String> entryIds(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> value(r).path("id").asText()).toList();
    }

    /**
     * Every entry numbered after the stream's start is on the topic with key {@code <realm id>:<entry id>}, the
     * action and organization headers of its value, and each partition holds its entries in sequence order.
     */
    private static void awaitAll(String auditor, String topic, long t0, long position) throws Exception {
        List<String> expected = Streams.ids(Streams.sequencedAfter(auditor, t0, position));
        Streams.await(40, "the topic to hold " + expected.size() + " entries",
                () -> entryIds(records(topic)).containsAll(expected));
        String realmId = Admin.demo().toRepresentation().getId();
        Map<Integer, List<String>> byPartition = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> r : records(topic)) {
            JsonNode entry = value(r);
            assertThat(r.key()).isEqualTo(realmId + ":" + entry.path("id").asText());
            assertThat(headers(r, "action")).containsExactly(entry.path("action").asText());
            assertThat(headers(r, "organization")).containsExactlyElementsOf(
                    AuditApi.organizationIds(entry));
            byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(entry.path("id").asText());
        }
        for (List<String> partition : byPartition.values()) {
            List<String> firstArrivals = partition.stream().distinct().filter(expected::contains).toList();
            List<String> inSequence = expected.stream().filter(firstArrivals::contains).toList();
            assertThat(firstArrivals).as("a partition's entries in sequence order").isEqualTo(inSequence);
        }
    }

    @Test
    void everyEntryArrivesWithItsKeyAndHeadersInOrderAndAfterABrokerOutage() throws Exception {
        String auditor = Tokens.demoUser("auditor");
        long t0 = System.currentTimeMillis() - 1000;
        String topic = topic("audit");
        JsonNode created = create(auditor, topic, "");
        String id = created.path("id").asText();
        long position = created.path("status").path("position").asLong();
        assertThat(created.path("bootstrapServers").asText()).isEqualTo(broker.plainBootstrap());
        assertThat(created.path("topic").asText()).isEqualTo(topic);
        assertThat(created.has("url")).isFalse();
        for (int i = 0; i < 8; i++) {
            Tokens.password(DEMO, "demo-app", i % 2 == 0 ? "alice" : "bob", DemoRealmConfig.PASSWORD);
        }
        Tokens.password(DEMO, "demo-app", "carol", "wrong-password");
        awaitAll(auditor, topic, t0, position);
        assertThat(entryIds(records(topic))).as("no duplicates without faults").doesNotHaveDuplicates();
        assertThat(records(topic)).as("organization headers where entries have organizations")
                .anySatisfy(r -> assertThat(headers(r, "organization")).isNotEmpty());

        broker.stop();
        try {
            for (int i = 0; i < 4; i++) {
                Tokens.password(DEMO, "demo-app", "alice", DemoRealmConfig.PASSWORD);
            }
            Tokens.password(DEMO, "demo-app", "bob", "wrong-password");
            Streams.await(30, "a failed attempt while the broker is down", () -> {
                JsonNode status = Streams.get(auditor, id).path("status");
                return !status.path("lastError").isMissingNode() && !status.path("lastError").isNull()
                        && status.path("failed").asLong() > 0;
            });
        } finally {
            broker.start();
        }
        awaitAll(auditor, topic, t0, position);
        Streams.await(20, "ACTIVE again", () -> Streams.get(auditor, id).path("status").path("state").asText()
                .equals("ACTIVE"));
        Streams.delete(auditor, id);
    }

    @Test
    void filtersAndAnOrganizationAdminsScopeDecideWhatReachesTheTopic() throws Exception {
        String auditor = Tokens.demoUser("auditor");
        String acmeAdmin = Tokens.demoUser("acme-admin");
        String acme = Admin.demo().organizations().getAll().stream().filter(o -> o.getAlias().equals("acme"))
                .map(OrganizationRepresentation::getId).findFirst().orElseThrow();
        String failures = topic("failures");
        String acmeTopic = topic("acme");
        String failuresId = create(auditor, failures, ",\"format\":\"ocsf\",\"filter\":{\"outcomes\":[\"failure\"]}")
                .path("id").asText();
        JsonNode own = create(acmeAdmin, acmeTopic, "");
        assertThat(own.path("organizations")).extracting(JsonNode::asText).containsExactly(acme);
        for (int i = 0; i < 3; i++) {
            Tokens.password(DEMO, "demo-app", "alice", DemoRealmConfig.PASSWORD);
            Tokens.password(DEMO, "demo-app", "bob", DemoRealmConfig.PASSWORD);
            Tokens.password(DEMO, "demo-app", "dave", "wrong-password");
        }
        Streams.await(30, "three failed logins as OCSF", () -> records(failures).size() >= 3);
        Streams.await(30, "alice's logins for Acme", () -> records(acmeTopic).stream()
                .filter(r -> value(r).path("actor").path("username").asText().equals("alice")).count() >= 3);
        Thread.sleep(1500); // anything else would have arrived by now
        assertThat(records(failures)).allSatisfy(r -> {
            JsonNode ocsf = value(r);
            assertThat(ocsf.path("status").asText()).isEqualToIgnoringCase("failure");
            assertThat(r.key()).endsWith(":" + ocsf.path("metadata").path("uid").asText());
            assertThat(headers(r, "action")).isNotEmpty();
        });
        assertThat(records(acmeTopic)).isNotEmpty().allSatisfy(r -> {
            JsonNode entry = value(r);
            assertThat(AuditApi.organizationIds(entry)).containsOnly(acme);
            assertThat(headers(r, "organization")).containsExactly(acme);
            assertThat(entry.path("actor").path("username").asText()).isNotEqualTo("bob");
        });
        Streams.delete(acmeAdmin, own.path("id").asText());
        Streams.delete(auditor, failuresId);
    }

    @Test
    void saslSslWithACaCertificateAndAPasswordThatNoAnswerShows() throws Exception {
        String auditor = Tokens.demoUser("auditor");
        long t0 = System.currentTimeMillis() - 1000;
        String topic = topic("sasl");
        String wrong = "wrong-" + System.nanoTime();
        String body = "{\"name\":\"kafka-sasl\",\"type\":\"kafka\",\"bootstrapServers\":\"" + broker.saslBootstrap()
                + "\",\"topic\":\"" + topic + "\",\"securityProtocol\":\"SASL_SSL\",\"saslMechanism\":\"PLAIN\","
                + "\"saslUsername\":\"" + KafkaBroker.USER + "\",\"caCertificate\":"
                + JSON.writeValueAsString(broker.caPem());
        AuditApi.Reply r = Streams.create(auditor, body + ",\"saslPassword\":\"" + wrong + "\"}");
        assertThat(r.status()).as("create: %s", r.body()).isEqualTo(201);
        String id = r.body().path("id").asText();
        long position = r.body().path("status").path("position").asLong();
        Tokens.password(DEMO, "demo-app", "alice", DemoRealmConfig.PASSWORD);
        Streams.await(30, "an authentication failure", () -> Streams.get(auditor, id).path("status")
                .path("lastError").asText().toLowerCase().contains("authentication"));
        assertThat(records(topic)).isEmpty();
        // The right password, given in a change, is used at once; the other settings are kept.
        AuditApi.Reply put = AuditApi.send("PUT", DEMO, "streams/" + id, auditor,
                body + ",\"saslPassword\":\"" + KafkaBroker.PASSWORD + "\"}");
        assertThat(put.status()).as("change: %s", put.body()).isEqualTo(200);
        awaitAll(auditor, topic, t0, position);
        String answers = r.raw().body() + put.raw().body() + AuditApi.get(DEMO, "streams", auditor).raw().body()
                + AuditApi.get(DEMO, "streams/" + id, auditor).raw().body()
                + AuditApi.get(DEMO, "streams/" + id + "/attempts", auditor).raw().body();
        assertThat(answers).doesNotContain(wrong).doesNotContain(KafkaBroker.PASSWORD).doesNotContain("saslPassword");
        JsonNode read = Streams.get(auditor, id);
        assertThat(read.path("secretSet").asBoolean()).isTrue();
        assertThat(read.path("saslUsername").asText()).isEqualTo(KafkaBroker.USER);
        assertThat(read.path("saslMechanism").asText()).isEqualTo("PLAIN");
        Streams.delete(auditor, id);
    }

    @Test
    void badKafkaDefinitionsGetA400NamingTheField() {
        String auditor = Tokens.demoUser("auditor");
        String ok = "\"name\":\"bad\",\"type\":\"kafka\",\"bootstrapServers\":\"kafka.test:9093\",\"topic\":\"audit\"";
        List<String[]> cases = List.of(
                new String[] {"{\"name\":\"x\",\"type\":\"kafka\",\"topic\":\"audit\"}", "bootstrapServers"},
                new String[] {"{\"name\":\"x\",\"type\":\"kafka\",\"bootstrapServers\":\"kafka.test\",\"topic\":\"a\"}",
                        "bootstrapServers"},
                new String[] {"{\"name\":\"x\",\"type\":\"kafka\",\"bootstrapServers\":\"kafka.test:9093\"}", "topic"},
                new String[] {"{" + ok.replace("\"audit\"", "\"a b\"") + "}", "topic"},
                new String[] {"{" + ok + ",\"securityProtocol\":\"SASL_PLAINTEXT\"}", "securityProtocol"},
                new String[] {"{" + ok + ",\"securityProtocol\":\"SASL_SSL\",\"saslUsername\":\"u\","
                        + "\"saslPassword\":\"p\"}", "saslMechanism"},
                new String[] {"{" + ok + ",\"securityProtocol\":\"SASL_SSL\",\"saslMechanism\":\"GSSAPI\"}",
                        "saslMechanism"},
                new String[] {"{" + ok + ",\"securityProtocol\":\"SASL_SSL\",\"saslMechanism\":\"PLAIN\","
                        + "\"saslPassword\":\"p\"}", "saslUsername"},
                new String[] {"{" + ok + ",\"securityProtocol\":\"SASL_SSL\",\"saslMechanism\":\"SCRAM-SHA-256\","
                        + "\"saslUsername\":\"u\"}", "saslPassword"},
                new String[] {"{" + ok + ",\"saslPassword\":\"p\"}", "saslPassword"},
                new String[] {"{" + ok + ",\"url\":\"https://example.test\"}", "url"},
                new String[] {"{" + ok + ",\"format\":\"cef\"}", "format"},
                new String[] {"{" + ok + ",\"caCertificate\":\"not a certificate\"}", "caCertificate"},
                new String[] {"{\"name\":\"x\",\"type\":\"webhook\",\"url\":\"https://example.test\","
                        + "\"topic\":\"audit\"}", "topic"});
        for (String[] c : cases) {
            AuditApi.Reply r = Streams.create(auditor, c[0]);
            assertThat(r.status()).as("%s -> %s", c[0], r.body()).isEqualTo(400);
            assertThat(r.body().path("parameter").asText()).as(c[0]).isEqualTo(c[1]);
        }
    }
}
