package dev.kcaudit.audit.delivery;

import dev.kcaudit.audit.stream.StreamKafka;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.plain.PlainLoginModule;
import org.apache.kafka.common.security.scram.ScramLoginModule;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One idempotent producer per kafka stream on this node, kept between batches: a producer holds its connections,
 * cluster metadata and producer id, and making one per batch would pay a metadata round trip every time. A producer
 * is replaced when the stream's settings or secrets change (its fingerprint), dropped after a failed batch (the next
 * attempt starts clean), closed when unused for {@link #IDLE_MS} (a deleted stream, a lease taken by another node)
 * and all are closed when delivery stops.
 */
public final class KafkaProducers {

    static final long IDLE_MS = 5 * 60_000L;

    private record Cached(String fingerprint, Producer<byte[], byte[]> producer, AtomicLong lastUsed) {
    }

    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private KafkaProducers() {
    }

    /** The producer of a stream with these settings, made on first use. */
    static Producer<byte[], byte[]> get(String streamId, Map<String, Object> config) {
        long now = System.currentTimeMillis();
        closeIdle(now);
        String fingerprint = fingerprint(config);
        Cached cached = CACHE.compute(streamId, (id, old) -> {
            if (old != null && old.fingerprint().equals(fingerprint)) {
                return old;
            }
            if (old != null) {
                close(old.producer());
            }
            return new Cached(fingerprint, create(config), new AtomicLong(now));
        });
        cached.lastUsed().set(now);
        return cached.producer();
    }

    /** Drops (and closes) a stream's producer after a failed batch; the next batch makes a new one. */
    static void discard(String streamId, Producer<byte[], byte[]> producer) {
        CACHE.computeIfPresent(streamId, (id, c) -> c.producer() == producer ? null : c); // not a newer one
        close(producer);
    }

    /** Closes a stream's producer on this node (the stream was deleted). */
    public static void close(String streamId) {
        Cached c = CACHE.remove(streamId);
        if (c != null) {
            close(c.producer());
        }
    }

    /** Closes every producer (delivery stops: shutdown). */
    public static void closeAll() {
        CACHE.keySet().forEach(KafkaProducers::close);
    }

    /** Closes the producers unused for {@link #IDLE_MS}; called on every use and every dispatcher tick. */
    static void closeIdle(long now) {
        CACHE.forEach((id, c) -> {
            if (now - c.lastUsed().get() > IDLE_MS && CACHE.remove(id, c)) {
                close(c.producer());
            }
        });
    }

    private static Producer<byte[], byte[]> create(Map<String, Object> config) {
        // kafka-clients finds its classes (serializers, login modules) through the context class loader.
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(KafkaProducers.class.getClassLoader());
        try {
            return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private static void close(Producer<byte[], byte[]> producer) {
        try {
            producer.close(Duration.ZERO); // nothing is waited for: an unacknowledged batch is retried anyway
        } catch (RuntimeException e) {
            // closing a broken producer may fail; it holds nothing we still need
        }
    }

    /**
     * The producer settings: idempotent, {@code acks=all}, uncompressed (the codecs' native libraries are not
     * shipped), connecting, requests and metadata bounded by the stream timeout (delivery by the sender's deadline).
     *
     * @param trustPem PEM certificates to trust (a stream's caCertificate or Keycloak's truststore); null: the JVM's
     */
    static Map<String, Object> config(String streamId, StreamKafka k, String password, String trustPem,
                                      long timeoutMs) {
        Map<String, Object> c = new TreeMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, k.bootstrapServers());
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "keycloak-audit-" + streamId);
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5); // the most idempotence keeps in order
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        // Records never expire inside a producer: an expired record lets the ones after it in its partition be
        // re-numbered and written, out of order with its retry. The sender's own deadline closes the producer instead.
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        c.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, timeoutMs);
        c.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, timeoutMs);
        c.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000L);
        c.put(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, ""); // no JMX beans per stream
        c.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, k.securityProtocol());
        if (k.tls()) {
            c.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "https");
            if (trustPem != null) {
                c.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
                c.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, trustPem);
            }
        }
        if (k.sasl()) {
            c.put(SaslConfigs.SASL_MECHANISM, k.saslMechanism());
            String module = "PLAIN".equals(k.saslMechanism()) ? PlainLoginModule.class.getName()
                    : ScramLoginModule.class.getName();
            c.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + jaas(k.saslUsername())
                    + "\" password=\"" + jaas(password) + "\";");
        }
        return c;
    }

    /** A JAAS option value inside double quotes: backslashes and quotes escaped. */
    static String jaas(String value) {
        return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** A digest of the settings (they hold the password: never kept or shown in clear). */
    private static String fingerprint(Map<String, Object> config) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    config.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
