package dev.kcaudit.audit.stream.send;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.util.JsonSerialization;

/**
 * Splunk HTTP Event Collector: one POST to {@code /services/collector/event} with the batch as concatenated event
 * objects, {@code Authorization: Splunk <token>}, each event's {@code time} the entry's time in seconds.
 */
public final class SplunkHecSender implements Sender {

    public static final String PATH = "/services/collector/event";

    private final HttpClient client;
    private final URI uri;
    private final String token;
    private final String index;
    private final String sourcetype;
    private final String source;
    private final long timeoutMs;

    public SplunkHecSender(HttpClient client, URI base, String token, String index, String sourcetype, String source,
                           long timeoutMs) {
        this.client = client;
        this.uri = endpoint(base);
        this.token = token;
        this.index = index;
        this.sourcetype = sourcetype == null ? "keycloak:audit" : sourcetype;
        this.source = source == null ? "keycloak-audit-log" : source;
        this.timeoutMs = timeoutMs;
    }

    /** A base URL gets the event endpoint; a full endpoint URL stays as it is. */
    static URI endpoint(URI base) {
        String path = base.getPath() == null ? "" : base.getPath();
        return path.isEmpty() || path.equals("/") ? base.resolve(PATH) : base;
    }

    @Override
    public Result send(Batch batch) {
        StringBuilder body = new StringBuilder();
        try {
            for (Batch.Item item : batch.items()) {
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("time", item.time() / 1000.0);
                event.put("source", source);
                event.put("sourcetype", sourcetype);
                if (index != null) {
                    event.put("index", index);
                }
                event.put("event", item.rendered());
                body.append(JsonSerialization.writeValueAsString(event)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HttpSend.post(client, uri, Map.of("Authorization", "Splunk " + token,
                "Content-Type", "application/json"), body.toString().getBytes(StandardCharsets.UTF_8), timeoutMs);
    }
}
