package dev.kcaudit.audit.delivery;

import dev.kcaudit.audit.feed.OcsfMapper;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.OrganizationRef;
import dev.kcaudit.audit.model.Outcome;
import dev.kcaudit.audit.stream.Stream;
import dev.kcaudit.audit.stream.StreamConfig;
import dev.kcaudit.audit.stream.StreamSecrets;
import dev.kcaudit.audit.stream.StreamSettings;
import dev.kcaudit.audit.stream.StreamType;
import dev.kcaudit.audit.stream.send.Batch;
import dev.kcaudit.audit.stream.send.KafkaSender;
import dev.kcaudit.audit.stream.send.Result;
import dev.kcaudit.audit.stream.send.Sender;
import dev.kcaudit.audit.stream.send.SplunkHecSender;
import dev.kcaudit.audit.stream.send.SyslogFrames;
import dev.kcaudit.audit.stream.send.SyslogSender;
import dev.kcaudit.audit.stream.send.WebhookSender;
import dev.kcaudit.audit.view.EntryRepresentation;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.keycloak.models.KeycloakSession;

/** Builds the sender of a stream and renders entries in its format; shared by delivery and the test event. */
public final class Senders {

    private static volatile HttpClient client;

    private Senders() {
    }

    /** This node's host name, as syslog messages name it. */
    private static final class Hostname {
        private static final String NAME = resolve();

        static String get() {
            return NAME;
        }

        private static String resolve() {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                return "keycloak";
            }
        }
    }

    /** One client per node, trusting Keycloak's truststore (built on first use). */
    static HttpClient client(KeycloakSession session) {
        HttpClient c = client;
        if (c == null) {
            synchronized (Senders.class) {
                if (client == null) {
                    client = OutboundTls.client(session, StreamSettings.current().timeoutMs());
                }
                c = client;
            }
        }
        return c;
    }

    /** The sender, with secrets already opened and vault references resolved. */
    public static Sender of(KeycloakSession session, Stream stream, Map<String, String> secrets) {
        Map<String, String> resolved = StreamSecrets.resolve(session, secrets);
        StreamConfig c = stream.config();
        long timeout = StreamSettings.current().timeoutMs();
        return switch (stream.type()) {
            case WEBHOOK -> {
                Map<String, String> headers = new LinkedHashMap<>();
                resolved.forEach((k, v) -> {
                    if (k.startsWith(StreamSecrets.HEADER_PREFIX)) {
                        headers.put(k.substring(StreamSecrets.HEADER_PREFIX.length()), v);
                    }
                });
                yield new WebhookSender(client(session), target(c, resolved), "ndjson".equals(c.encoding()),
                        resolved.get("secret"), headers, timeout);
            }
            case SPLUNK_HEC -> new SplunkHecSender(client(session), target(c, resolved), resolved.get("token"),
                    c.index(), c.sourcetype(), c.source(), timeout);
            case SYSLOG -> {
                URI uri = URI.create(c.url());
                yield new SyslogSender(uri, "tls".equals(uri.getScheme()) ? (c.caCertificate() == null
                        ? OutboundTls.context(session) : OutboundTls.trusting(c.caCertificate())) : null,
                        Hostname.get(), timeout);
            }
            case KAFKA -> kafka(session, stream, resolved.get(StreamType.KAFKA.secretField()), timeout);
        };
    }

    /** The whole URL: a query's values are kept as the secret {@code url}; the config holds them masked. */
    private static URI target(StreamConfig c, Map<String, String> secrets) {
        return URI.create(secrets.getOrDefault("url", c.url()));
    }

    private static Sender kafka(KeycloakSession session, Stream stream, String password, long timeout) {
        StreamConfig c = stream.config();
        String trust = c.kafka().tls() ? (c.caCertificate() != null ? c.caCertificate()
                : OutboundTls.trustedPem(session)) : null;
        try {
            Producer<byte[], byte[]> producer = KafkaProducers.get(stream.id(),
                    KafkaProducers.config(stream.id(), c.kafka(), password, trust, timeout));
            return new KafkaSender(producer, c.kafka().topic(), timeout,
                    () -> KafkaProducers.discard(stream.id(), producer));
        } catch (KafkaException e) {
            String why = e.getCause() == null ? e.getMessage() : e.getMessage() + ": " + e.getCause().getMessage();
            return batch -> Result.failure(null, "Kafka producer not created: " + why, null);
        }
    }

    /** An entry as the stream sends it: the entry JSON of GET entries, or its OCSF event. */
    public static Batch.Item item(Stream stream, AuditEntry entry, String realmName) {
        Object rendered = EntryRepresentation.of(entry, realmName);
        if ("ocsf".equals(stream.config().format())) {
            rendered = new OcsfMapper(version()).map(entry, realmName, rendered);
        } else if ("cef".equals(stream.config().format())) {
            rendered = SyslogFrames.cef(entry, realmName, version());
        }
        return new Batch.Item(entry.id(), entry.time(), entry.action().id(),
                entry.outcome().result() == Outcome.Result.FAILURE, rendered, entry.realmId(),
                entry.organizations().stream().map(OrganizationRef::id).toList());
    }

    private static String version() {
        String v = Senders.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
