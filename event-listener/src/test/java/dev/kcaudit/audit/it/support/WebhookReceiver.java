package dev.kcaudit.audit.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver as a customer would write one (JDK HttpServer): checks the Standard Webhooks signature and
 * the timestamp (5 minutes' tolerance), keeps every entry it accepted in arrival order, and can be told to fail:
 * answer 500, answer 429 with Retry-After, or be down (its port closed).
 */
public final class WebhookReceiver implements AutoCloseable {

    public enum Mode { OK, FAIL_500, TOO_MANY, HANG }

    private static final ObjectMapper JSON = new ObjectMapper();
    public final List<JsonNode> entries = new CopyOnWriteArrayList<>();
    public final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    public final List<Long> requestTimes = new CopyOnWriteArrayList<>();
    public final List<String> rejected = new CopyOnWriteArrayList<>();
    /** The raw query string of every request (null without one). */
    public final List<String> queries = new CopyOnWriteArrayList<>();
    private final int port;
    private volatile byte[] key;
    private volatile Mode mode = Mode.OK;
    private volatile int retryAfterSeconds = 2;
    private HttpServer server;

    public WebhookReceiver() throws IOException {
        server = start(0);
        port = server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    /** The whsec_ secret the create answer showed once. */
    public void secret(String whsec) {
        key = Base64.getDecoder().decode(whsec.substring("whsec_".length()));
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    public void retryAfter(int seconds) {
        retryAfterSeconds = seconds;
    }

    /** Closes the port: deliveries are refused. */
    public void down() {
        server.stop(0);
    }

    public void up() throws IOException {
        server = start(port);
    }

    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        entries.forEach(e -> ids.add(e.path("id").asText()));
        return ids;
    }

    private HttpServer start(int on) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", on), 0);
        s.createContext("/hook", this::handle);
        s.start();
        return s;
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        requestTimes.add(System.currentTimeMillis());
        queries.add(String.valueOf(ex.getRequestURI().getRawQuery()));
        Mode now = mode;
        if (now == Mode.FAIL_500) {
            answer(ex, 500, "receiver broken");
            return;
        }
        if (now == Mode.HANG) {
            try {
                Thread.sleep(4_000); // longer than the IT server's stream-timeout-ms (3 s)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(ex, 503, "too late");
            return;
        }
        if (now == Mode.TOO_MANY) {
            ex.getResponseHeaders().add("Retry-After", Integer.toString(retryAfterSeconds));
            answer(ex, 429, "slow down");
            return;
        }
        String problem = verify(ex, body);
        if (problem != null) {
            rejected.add(problem);
            answer(ex, 401, problem);
            return;
        }
        JsonNode doc = JSON.readTree(body);
        bodies.add(doc);
        doc.path("entries").forEach(entries::add);
        answer(ex, 204, "");
    }

    private String verify(HttpExchange ex, byte[] body) {
        String id = ex.getRequestHeaders().getFirst("webhook-id");
        String ts = ex.getRequestHeaders().getFirst("webhook-timestamp");
        String sig = ex.getRequestHeaders().getFirst("webhook-signature");
        if (id == null || ts == null || sig == null || key == null) {
            return "missing webhook headers";
        }
        if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(ts)) > 300) {
            return "timestamp outside tolerance";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = ("v1," + Base64.getEncoder().encodeToString(mac.doFinal(body)))
                    .getBytes(StandardCharsets.UTF_8);
            for (String candidate : sig.split(" ")) {
                if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8))) {
                    return null;
                }
            }
            return "bad signature";
        } catch (java.security.GeneralSecurityException e) {
            return e.toString();
        }
    }

    private static void answer(HttpExchange ex, int status, String text) throws IOException {
        byte[] out = text.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            try (OutputStream o = ex.getResponseBody()) {
                o.write(out);
            }
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
