package dev.kcaudit.audit.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcaudit.audit.it.support.KafkaBroker;
import dev.kcaudit.audit.it.support.ServerIndependent;
import dev.kcaudit.audit.stream.StreamKafka;
import dev.kcaudit.audit.stream.send.Batch;
import dev.kcaudit.audit.stream.send.KafkaSender;
import dev.kcaudit.audit.stream.send.Result;
import dev.kcaudit.audit.stream.send.Sender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The kafka sender against a real broker, without Keycloak: records, keys and headers; SASL_SSL with PLAIN, trusting
 * a PEM CA; a wrong password and a stopped broker fail the batch (and drop the producer); after the broker is back
 * the same stream sends again.
 */
@ExtendWith(ServerIndependent.class)
class KafkaSenderIT {

    private static KafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = new KafkaBroker();
    }

    @AfterAll
    static void stop() throws Exception {
        KafkaProducers.closeAll(); // else they keep calling the stopped broker for the rest of this JVM's tests
        if (broker != null) {
            broker.close();
        }
    }

    private static Sender sender(String id, StreamKafka k, String password, String trust) {
        var producer = KafkaProducers.get(id, KafkaProducers.config(id, k, password, trust, 3000));
        return new KafkaSender(producer, k.topic(), 3000, () -> KafkaProducers.discard(id, producer));
    }

    private static Batch batch(int n, String... organizations) {
        List<Batch.Item> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(new Batch.Item("e" + i, i, "user.created", false, Map.of("id", "e" + i, "n", i), "realm-1",
                    List.of(organizations)));
        }
        return new Batch("demo", items, false);
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(String topic, int expected) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.plainBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long end = System.currentTimeMillis() + 30_000;
            while (out.size() < expected && System.currentTimeMillis() < end) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            return out;
        }
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void recordsCarryTheKeyHeadersAndEntryOverPlaintextAndSaslSsl() throws Exception {
        broker.createTopic("plain", 3);
        Result r = sender("s-plain", new StreamKafka(broker.plainBootstrap(), "plain", "PLAINTEXT", null, null),
                null, null).send(batch(5, "org-a", "org-b"));
        assertThat(r.ok()).as("%s", r).isTrue();
        var records = read("plain", 5);
        assertThat(records).hasSize(5);
        assertThat(records).extracting(x -> utf8(x.key())).containsExactlyInAnyOrder("realm-1:e0", "realm-1:e1",
                "realm-1:e2", "realm-1:e3", "realm-1:e4");
        ConsumerRecord<byte[], byte[]> first = records.get(0);
        assertThat(utf8(first.headers().lastHeader("action").value())).isEqualTo("user.created");
        List<String> orgs = new ArrayList<>();
        for (Header h : first.headers().headers("organization")) {
            orgs.add(utf8(h.value()));
        }
        assertThat(orgs).containsExactly("org-a", "org-b");
        assertThat(utf8(first.value())).contains("\"id\":\"" + utf8(first.key()).substring("realm-1:".length()));

        broker.createTopic("sasl", 1);
        StreamKafka sasl = new StreamKafka(broker.saslBootstrap(), "sasl", "SASL_SSL", "PLAIN", KafkaBroker.USER);
        Result bad = sender("s-bad", sasl, "wrong", broker.caPem()).send(batch(1));
        assertThat(bad.ok()).isFalse();
        assertThat(bad.error()).containsIgnoringCase("authentication");
        Result ok = sender("s-sasl", sasl, KafkaBroker.PASSWORD, broker.caPem()).send(batch(3));
        assertThat(ok.ok()).as("%s", ok).isTrue();
        assertThat(read("sasl", 3)).extracting(x -> utf8(x.key()))
                .containsExactly("realm-1:e0", "realm-1:e1", "realm-1:e2");
        Result untrusted = sender("s-untrusted", sasl, KafkaBroker.PASSWORD, null).send(batch(1));
        assertThat(untrusted.ok()).isFalse();
    }

    @Test
    void aStoppedBrokerFailsTheBatchAndTheStreamSendsAgainWhenItIsBack() throws Exception {
        broker.createTopic("outage", 2);
        StreamKafka k = new StreamKafka(broker.plainBootstrap(), "outage", "PLAINTEXT", null, null);
        assertThat(sender("s-outage", k, null, null).send(batch(2)).ok()).isTrue();
        broker.stop();
        try {
            Result down = sender("s-outage", k, null, null).send(batch(2));
            assertThat(down.ok()).isFalse();
            assertThat(down.error()).isNotBlank();
        } finally {
            broker.start();
        }
        Result back = null;
        for (int i = 0; i < 20 && (back == null || !back.ok()); i++) {
            back = sender("s-outage", k, null, null).send(batch(4));
        }
        assertThat(back.ok()).as("%s", back).isTrue();
        assertThat(read("outage", 6)).hasSizeGreaterThanOrEqualTo(6);
    }

    /**
     * Order within a partition: once a record of a batch is given up, nothing after it may be written, or its retry
     * lands behind its successors. A record the producer refuses at once (larger than {@code max.request.size})
     * stops the batch: the records after it are not sent.
     */
    @Test
    void aRecordRefusedAtOnceStopsTheBatchSoNothingAfterItIsWritten() throws Exception {
        broker.createTopic("refused", 1);
        StreamKafka k = new StreamKafka(broker.plainBootstrap(), "refused", "PLAINTEXT", null, null);
        List<Batch.Item> items = new ArrayList<>(batch(3).items());
        Batch.Item big = items.get(1);
        items.set(1, new Batch.Item(big.id(), big.time(), big.action(), false,
                Map.of("id", big.id(), "padding", "x".repeat(2 * 1024 * 1024)), "realm-1", List.of()));
        Result refused = sender("s-refused", k, null, null).send(new Batch("demo", items, false));
        assertThat(refused.ok()).isFalse();
        assertThat(refused.error()).contains("RecordTooLarge");

        Batch.Item marker = new Batch.Item("marker", 9, "user.created", false, Map.of("id", "marker"), "realm-1",
                List.of());
        assertThat(sender("s-refused", k, null, null).send(new Batch("demo", List.of(marker), false)).ok()).isTrue();
        List<String> keys = new ArrayList<>();
        long end = System.currentTimeMillis() + 30_000;
        while (!keys.contains("realm-1:marker") && System.currentTimeMillis() < end) {
            keys = read("refused", 1).stream().map(x -> utf8(x.key())).toList();
        }
        assertThat(keys).as("what the failed batch wrote is a prefix of it, then the next batch")
                .isIn(List.of("realm-1:marker"), List.of("realm-1:e0", "realm-1:marker"));
    }
}
