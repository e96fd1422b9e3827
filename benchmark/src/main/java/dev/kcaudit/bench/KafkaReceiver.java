package dev.kcaudit.bench;

import dev.kcaudit.audit.it.support.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A Kafka "receiver" for the backlog measurement: the integration tests' KRaft broker (a child JVM limited to one CPU
 * and 384 MB, so a lower bound of what a real cluster takes) with a three-partition topic, and a consumer reading it
 * from the beginning. An entry counts when the consumer has read its record; one poll counts as one request.
 */
final class KafkaReceiver implements StreamBench.Receiver {

    static final String TOPIC = "bench-audit";

    private final StreamBench.Tally tally = new StreamBench.Tally();
    private final KafkaBroker broker;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread reader;

    KafkaReceiver() throws Exception {
        broker = new KafkaBroker();
        broker.createTopic(TOPIC, 3);
        reader = new Thread(this::read, "bench-kafka-consumer");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.plainBootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1),
                    new TopicPartition(TOPIC, 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                StringBuilder values = new StringBuilder();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    values.append(new String(r.value(), StandardCharsets.UTF_8)).append('\n');
                }
                tally.add(values.toString(), System.currentTimeMillis());
            }
        }
    }

    @Override
    public StreamBench.Tally tally() {
        return tally;
    }

    /** The bootstrap servers (PLAINTEXT: Keycloak runs with stream-allow-http). */
    @Override
    public String url() {
        return broker.plainBootstrap();
    }

    @Override
    public void close() {
        running.set(false);
        try {
            reader.join(5_000);
            broker.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
