package dev.kcaudit.audit.stream.send;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.keycloak.util.JsonSerialization;

/**
 * A batch as one signed POST, per the Standard Webhooks specification: {@code webhook-id} (the same for every
 * retry of the same entries), {@code webhook-timestamp} (seconds), {@code webhook-signature}
 * ({@code v1,<base64 HMAC-SHA256 of id.timestamp.body>}, keyed with the base64 part of the {@code whsec_} secret).
 */
public final class WebhookSender implements Sender {

    public static final String SECRET_PREFIX = "whsec_";

    private final HttpClient client;
    private final URI uri;
    private final boolean ndjson;
    private final byte[] key;
    private final Map<String, String> headers;
    private final long timeoutMs;

    public WebhookSender(HttpClient client, URI uri, boolean ndjson, String secret, Map<String, String> headers,
                         long timeoutMs) {
        this.client = client;
        this.uri = uri;
        this.ndjson = ndjson;
        this.key = Base64.getDecoder().decode(secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length())
                : secret);
        this.headers = headers;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public Result send(Batch batch) {
        byte[] body = body(batch);
        String id = messageId(batch);
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", ndjson ? "application/x-ndjson" : "application/json");
        all.put("webhook-id", id);
        all.put("webhook-timestamp", timestamp);
        all.put("webhook-signature", "v1," + sign(key, id, timestamp, body));
        return HttpSend.post(client, uri, all, body, timeoutMs);
    }

    private byte[] body(Batch batch) {
        try {
            if (ndjson) {
                StringBuilder out = new StringBuilder();
                for (Batch.Item item : batch.items()) {
                    out.append(JsonSerialization.writeValueAsString(item.rendered())).append('\n');
                }
                return out.toString().getBytes(StandardCharsets.UTF_8);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("type", batch.test() ? "audit.test" : "audit.entries");
            doc.put("realm", batch.realm());
            doc.put("entries", batch.items().stream().map(Batch.Item::rendered).toList());
            return JsonSerialization.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same entries give the same id, so a receiver can also deduplicate whole messages. */
    static String messageId(Batch batch) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            batch.items().forEach(i -> sha.update((i.id() + "\n").getBytes(StandardCharsets.UTF_8)));
            return "msg_" + HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(byte[] key, String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
