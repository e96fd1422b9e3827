package dev.kcaudit.audit.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.stream.StreamKafka;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The settings of a kafka stream in a create or change body, each checked with a 400 naming the field. */
final class StreamKafkaRequest {

    static final List<String> FIELDS = List.of("bootstrapServers", "topic", "securityProtocol", "saslMechanism",
            "saslUsername", "saslPassword");
    private static final Pattern SERVER = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+):\\d{1,5}");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    private StreamKafkaRequest() {
    }

    /** A body of another type naming a kafka setting is refused, as a misplaced secret is; null otherwise. */
    static StreamKafka refuseFor(JsonNode json, String type) {
        for (String f : FIELDS) {
            if (json.has(f)) {
                throw ApiError.badRequest(f, f + " does not apply to a " + type + " stream");
            }
        }
        return null;
    }

    static StreamKafka parse(JsonNode json, boolean allowPlain) {
        for (String f : List.of("url", "headers", "encoding")) {
            if (json.has(f)) {
                throw ApiError.badRequest(f, f + " does not apply to a kafka stream"
                        + (f.equals("url") ? "; give bootstrapServers and topic" : ""));
            }
        }
        String servers = StreamRequest.text(json, "bootstrapServers", true);
        for (String server : servers.split(",", -1)) {
            if (!SERVER.matcher(server.strip()).matches()) {
                throw ApiError.badRequest("bootstrapServers", "bootstrapServers is a comma-separated list of"
                        + " host:port");
            }
        }
        String topic = StreamRequest.text(json, "topic", true);
        if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw ApiError.badRequest("topic", "topic must be 1-249 letters, digits, '.', '_' or '-'");
        }
        Set<String> protocols = allowPlain ? Set.of("SSL", "SASL_SSL", "PLAINTEXT") : Set.of("SSL", "SASL_SSL");
        String protocol = StreamRequest.text(json, "securityProtocol", false);
        protocol = protocol == null ? "SSL" : protocol;
        if (!protocols.contains(protocol)) {
            throw ApiError.badRequest("securityProtocol", "securityProtocol must be SSL or SASL_SSL"
                    + (allowPlain ? " or PLAINTEXT" : "; PLAINTEXT needs the server option stream-allow-http"));
        }
        String mechanism = StreamRequest.text(json, "saslMechanism", false);
        String user = StreamRequest.text(json, "saslUsername", false);
        if (!protocol.equals("SASL_SSL")) {
            for (String f : List.of("saslMechanism", "saslUsername", "saslPassword")) {
                if (json.has(f)) {
                    throw ApiError.badRequest(f, f + " applies only with securityProtocol SASL_SSL");
                }
            }
        } else {
            if (mechanism == null || !Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512").contains(mechanism)) {
                throw ApiError.badRequest("saslMechanism", "saslMechanism must be PLAIN, SCRAM-SHA-256 or"
                        + " SCRAM-SHA-512");
            }
            if (user == null) {
                throw ApiError.badRequest("saslUsername", "saslUsername is required with SASL_SSL");
            }
        }
        return new StreamKafka(servers.replace(" ", ""), topic, protocol, mechanism, user);
    }
}
