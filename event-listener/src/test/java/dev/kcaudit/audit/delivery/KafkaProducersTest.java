package dev.kcaudit.audit.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcaudit.audit.api.representation.StreamRepresentation;
import dev.kcaudit.audit.stream.StreamConfig;
import dev.kcaudit.audit.stream.StreamFilter;
import dev.kcaudit.audit.stream.StreamKafka;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

/** The producer settings a kafka stream gets, and how its settings are shown (never its password). */
class KafkaProducersTest {

    @Test
    void producersAreIdempotentAcknowledgedByAllUncompressedAndBoundedByTheTimeout() {
        Map<String, Object> c = KafkaProducers.config("s1", new StreamKafka("k1:9093,k2:9093", "audit", "SSL", null,
                null), null, null, 4000);
        assertThat(c).containsEntry("enable.idempotence", true).containsEntry("acks", "all")
                .containsEntry("compression.type", "none").containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.endpoint.identification.algorithm", "https")
                .containsEntry("delivery.timeout.ms", Integer.MAX_VALUE).containsEntry("request.timeout.ms", 4000)
                .containsEntry("max.block.ms", 4000L)
                .doesNotContainKey("ssl.truststore.type").doesNotContainKey("sasl.jaas.config");
        assertThat((int) c.get("max.in.flight.requests.per.connection")).isLessThanOrEqualTo(5);
    }

    @Test
    void saslSslCarriesTheLoginModuleWithQuotedValuesAndTrustsTheGivenPem() {
        String pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        Map<String, Object> scram = KafkaProducers.config("s1", new StreamKafka("k:9093", "audit", "SASL_SSL",
                "SCRAM-SHA-512", "u\"1"), "p\\w\"d", pem, 4000);
        assertThat(scram).containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.type", "PEM").containsEntry("ssl.truststore.certificates", pem);
        assertThat((String) scram.get("sasl.jaas.config")).endsWith(
                ".ScramLoginModule required username=\"u\\\"1\" password=\"p\\\\w\\\"d\";");
        Map<String, Object> plain = KafkaProducers.config("s1", new StreamKafka("k:9093", "audit", "SASL_SSL",
                "PLAIN", "u"), "p", null, 4000);
        assertThat((String) plain.get("sasl.jaas.config")).contains(".PlainLoginModule required");
        Map<String, Object> plaintext = KafkaProducers.config("s1", new StreamKafka("k:9092", "audit", "PLAINTEXT",
                null, null), null, pem, 4000);
        assertThat(plaintext).doesNotContainKey("ssl.truststore.certificates");
    }

    @Test
    void aKafkaStreamShowsItsSettingsAsTopLevelFieldsAndNoOtherTypeShowsThem() throws Exception {
        StreamConfig kafka = new StreamConfig(null, "native", "json", 100, 0, StreamFilter.any(), List.of(), null, null,
                null, null, new StreamKafka("k:9093", "audit", "SASL_SSL", "PLAIN", "user"));
        String json = JsonSerialization.writeValueAsString(StreamRepresentation.of("id", "n", "kafka", kafka, false,
                null, true, null, null, 1, 2));
        assertThat(json).contains("\"bootstrapServers\":\"k:9093\"", "\"topic\":\"audit\"",
                "\"securityProtocol\":\"SASL_SSL\"", "\"saslMechanism\":\"PLAIN\"", "\"saslUsername\":\"user\"")
                .doesNotContain("\"kafka\":", "saslPassword", "\"url\"");
        StreamConfig webhook = new StreamConfig("https://x.test", "native", "json", 100, 0, StreamFilter.any(),
                List.of(), null, null, null, null);
        assertThat(JsonSerialization.writeValueAsString(StreamRepresentation.of("id", "n", "webhook", webhook, false,
                null, true, null, null, 1, 2))).doesNotContain("topic", "bootstrapServers", "\"kafka\":");
        // Stored settings round-trip, and those stored before kafka existed still read.
        assertThat(JsonSerialization.readValue(JsonSerialization.writeValueAsString(kafka), StreamConfig.class))
                .isEqualTo(kafka);
        assertThat(JsonSerialization.readValue("{\"url\":\"https://x.test\",\"format\":\"native\",\"batchSize\":5}",
                StreamConfig.class).kafka()).isNull();
    }
}
