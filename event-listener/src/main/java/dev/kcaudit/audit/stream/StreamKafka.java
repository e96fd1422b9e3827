package dev.kcaudit.audit.stream;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A kafka stream's destination, apart from its SASL password (a secret, sealed with the others).
 *
 * @param bootstrapServers comma-separated {@code host:port} list
 * @param securityProtocol {@code SSL}, {@code SASL_SSL}, or {@code PLAINTEXT} where plain transports are allowed
 * @param saslMechanism    {@code PLAIN}, {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512} (SASL_SSL only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamKafka(String bootstrapServers, String topic, String securityProtocol, String saslMechanism,
                          String saslUsername) {

    public boolean sasl() {
        return "SASL_SSL".equals(securityProtocol);
    }

    public boolean tls() {
        return !"PLAINTEXT".equals(securityProtocol);
    }
}
