package dev.kcaudit.audit.it.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A real Kafka broker (KRaft, broker and controller in one, from Kafka's own Maven artifacts on the test class path)
 * run by the test as a child java process on free ports, so its Scala and logging libraries stay out of the test
 * JVM. Listeners: PLAINTEXT, and SASL_SSL (PLAIN, user {@link #USER}) with a self-signed certificate for localhost.
 * Stopped and started again on the same ports and data ({@link #stop()}, {@link #start()}) for outage tests. Where it
 * cannot start the test is skipped with a message, or fails where AUDIT_REQUIRE_STREAM_RECEIVERS=true (CI).
 */
public final class KafkaBroker implements AutoCloseable {

    public static final String USER = "audit";
    public static final String PASSWORD = "kafka-pw-" + Uuid.randomUuid();
    private static final long START_TIMEOUT_MS = 90_000;

    private final Path dir;
    private final int plainPort;
    private final int saslPort;
    private Process process;

    public KafkaBroker() throws Exception {
        dir = Files.createTempDirectory("audit-kafka");
        plainPort = freePort();
        saslPort = freePort();
        int controllerPort = freePort();
        try {
            LocalhostCertificate.writeTo(dir);
            Files.writeString(dir.resolve("server.properties"), """
                    process.roles=broker,controller
                    node.id=1
                    controller.quorum.voters=1@localhost:%3$d
                    listeners=PLAINTEXT://localhost:%1$d,SASL_SSL://localhost:%2$d,CONTROLLER://localhost:%3$d
                    advertised.listeners=PLAINTEXT://localhost:%1$d,SASL_SSL://localhost:%2$d
                    controller.listener.names=CONTROLLER
                    inter.broker.listener.name=PLAINTEXT
                    listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT
                    sasl.enabled.mechanisms=PLAIN
                    listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_%5$s="%6$s";
                    ssl.keystore.type=PEM
                    ssl.keystore.location=%4$s/keystore.pem
                    log.dirs=%4$s/data
                    num.partitions=3
                    auto.create.topics.enable=false
                    offsets.topic.replication.factor=1
                    transaction.state.log.replication.factor=1
                    transaction.state.log.min.isr=1
                    share.coordinator.state.topic.replication.factor=1
                    share.coordinator.state.topic.min.isr=1
                    group.initial.rebalance.delay.ms=0
                    """.formatted(plainPort, saslPort, controllerPort, dir, USER, PASSWORD));
            // A PEM key store is the key and its certificate chain in one file.
            Files.writeString(dir.resolve("keystore.pem"), Files.readString(dir.resolve("key.pem"))
                    + Files.readString(dir.resolve("cert.pem")));
            java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
                    path("server.properties")).waitFor(START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            start();
        } catch (Exception | AssertionError e) {
            String why = "a Kafka broker could not be started (" + e.getMessage() + ")";
            if ("true".equals(System.getenv("AUDIT_REQUIRE_STREAM_RECEIVERS"))) {
                throw new IllegalStateException(why + " and AUDIT_REQUIRE_STREAM_RECEIVERS=true; see " + dir, e);
            }
            System.out.println("[audit-it] " + why + ": the kafka stream test is SKIPPED");
            close();
            assumeTrue(false, why);
            throw e;
        }
    }

    /** Starts the broker (again) and waits until it answers on its PLAINTEXT listener. */
    public void start() throws Exception {
        process = java("kafka.Kafka", path("server.properties"));
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly)); // no broker outlives a killed test
        long end = System.currentTimeMillis() + START_TIMEOUT_MS;
        try (Admin admin = admin()) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    if (System.currentTimeMillis() > end || !process.isAlive()) {
                        throw new IllegalStateException("the broker did not answer on " + plainPort + ": " + log());
                    }
                    Thread.sleep(500);
                }
            }
        }
    }

    /** Stops the broker this test started (its own process only). */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    public void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Every record of the topic so far, partition by partition in offset order (read without a consumer group). */
    public List<ConsumerRecord<String, String>> records(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, plainBootstrap(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<ConsumerRecord<String, String>> out = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 15_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(out::add);
            }
            return out;
        }
    }

    public String plainBootstrap() {
        return "localhost:" + plainPort;
    }

    public String saslBootstrap() {
        return "localhost:" + saslPort;
    }

    public String caPem() throws IOException {
        return Files.readString(dir.resolve("cert.pem"));
    }

    public String log() throws IOException {
        Path log = dir.resolve("broker.log");
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, plainBootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
    }

    /** A child JVM on the test class path, small and quick to start (the machine running the tests is shared). */
    private Process java(String main, String... args) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:ActiveProcessorCount=1", "-Djava.awt.headless=true", "-cp", classPath, main));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile())).start();
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
