package dev.kcaudit.audit.it.support;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A receiver that speaks Splunk HEC's request and response format on {@code /services/collector/event}: a token
 * in {@code Authorization: Splunk <token>} (else 401 {"text":"Invalid token","code":4}), a body of concatenated
 * event objects each with an {@code event} (else 400 {"text":"Event field is required","code":12}), answered
 * {"text":"Success","code":0}; or 503 {"text":"Server is busy","code":9} when told to be busy.
 */
public final class HecReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    public final List<JsonNode> events = new CopyOnWriteArrayList<>();
    public final List<String> rejected = new CopyOnWriteArrayList<>();
    private final String token;
    private final HttpServer server;
    private volatile boolean busy;

    public HecReceiver(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/services/collector/event", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void busy(boolean busy) {
        this.busy = busy;
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        if (busy) {
            answer(ex, 503, "{\"text\":\"Server is busy\",\"code\":9}");
            return;
        }
        if (!("Splunk " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            rejected.add("token");
            answer(ex, 401, "{\"text\":\"Invalid token\",\"code\":4}");
            return;
        }
        List<JsonNode> batch = new java.util.ArrayList<>();
        try (JsonParser parser = JSON.getFactory().createParser(body);
             MappingIterator<JsonNode> it = JSON.readValues(parser, JsonNode.class)) {
            while (it.hasNext()) {
                JsonNode event = it.next();
                if (!event.has("event") || !event.path("time").isNumber()) {
                    rejected.add("event");
                    answer(ex, 400, "{\"text\":\"Event field is required\",\"code\":12}");
                    return;
                }
                batch.add(event);
            }
        }
        events.addAll(batch);
        answer(ex, 200, "{\"text\":\"Success\",\"code\":0}");
    }

    private static void answer(HttpExchange ex, int status, String json) throws IOException {
        byte[] out = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        ex.sendResponseHeaders(status, out.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
