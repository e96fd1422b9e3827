package dev.kcaudit.audit.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Real HTTP calls to the audit-log admin API, as any client would make them. */
public final class AuditApi {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "http://localhost:8080";

    private AuditApi() {
    }

    public record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    }

    /** GET {@code /admin/realms/{realm}/audit-log/{path}} with the token (none when null). */
    public static Reply get(String realm, String path, String token) {
        return send("GET", realm, path, token, null);
    }

    public static Reply post(String realm, String path, String token, String json) {
        return send("POST", realm, path, token, json);
    }

    public static Reply delete(String realm, String path, String token) {
        return send("DELETE", realm, path, token, null);
    }

    /** A binary download (Excel, PDF, export-job files), as a browser gets it. */
    public static HttpResponse<byte[]> bytes(String realm, String path, String token) {
        try {
            return HTTP.send(request("GET", realm, path, token, null), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Any request to the audit-log API; a JSON body when {@code json} is set. */
    public static Reply send(String method, String realm, String path, String token, String json) {
        try {
            HttpResponse<String> response = HTTP.send(request(method, realm, path, token, json),
                    HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode body = text == null || text.isBlank() || text.charAt(0) != '{' && text.charAt(0) != '['
                    ? null : parse(text);
            return new Reply(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest request(String method, String realm, String path, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create(BASE + "/admin/realms/" + realm + "/audit-log/" + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build();
    }

    /** The realm's newest entries (up to 1000), as an auditor with this token sees them. */
    public static List<JsonNode> entries(String realm, String token) {
        return entries(realm, token, "");
    }

    /** The newest entries (up to 1000) matching the query ({@code category=members&sort=actor}, or empty). */
    public static List<JsonNode> entries(String realm, String token, String query) {
        Reply reply = get(realm, "entries?max=1000" + (query.isEmpty() ? "" : "&" + query), token);
        if (reply.status() != 200) {
            throw new AssertionError("GET entries answered " + reply.status() + ": " + reply.body());
        }
        List<JsonNode> list = new ArrayList<>();
        reply.body().path("entries").forEach(list::add);
        return list;
    }

    /** The newest entry matching the predicate, or an assertion error that shows what is there. */
    public static JsonNode newest(String realm, String token, Predicate<JsonNode> match) {
        List<JsonNode> all = entries(realm, token);
        return all.stream().filter(match).findFirst().orElseThrow(() -> new AssertionError(
                "No matching entry among " + all.size() + ": " + all.stream().map(e -> e.path("action").asText()
                        + "/" + e.path("actor").path("username").asText()).toList()));
    }

    /** The demo realm's newest entry with this action, read by the demo's auditor. */
    public static JsonNode newestDemo(String action) {
        return newest(DemoRealmConfig.REALM, Tokens.demoUser("auditor"), e -> e.path("action").asText().equals(action));
    }

    /** The demo realm's newest entry with this action about the resource with this name. */
    public static JsonNode newestDemo(String action, String resourceName) {
        return newest(DemoRealmConfig.REALM, Tokens.demoUser("auditor"), e -> e.path("action").asText().equals(action)
                && resourceName.equals(e.path("resource").path("name").asText()));
    }

    /** Waits (up to 10 s) for an entry that Keycloak writes after the request returned, e.g. a lockout. */
    public static JsonNode awaitDemo(Predicate<JsonNode> match) {
        return await(DemoRealmConfig.REALM, Tokens.demoUser("auditor"), match);
    }

    /** Waits (up to 10 s) for an entry of the realm that background work writes, e.g. on the maintenance timer. */
    public static JsonNode await(String realm, String token, Predicate<JsonNode> match) {
        AssertionError last = null;
        for (int i = 0; i < 40; i++) {
            try {
                return newest(realm, token, match);
            } catch (AssertionError e) {
                last = e;
                try {
                    Thread.sleep(250);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        throw last;
    }

    /** Whether the demo realm has an entry matching the predicate right now. */
    public static boolean anyDemo(Predicate<JsonNode> match) {
        return entries(DemoRealmConfig.REALM, Tokens.demoUser("auditor")).stream().anyMatch(match);
    }

    /** The field changes of an entry as "field: old -> new" lines. */
    public static List<String> changes(JsonNode entry) {
        List<String> lines = new ArrayList<>();
        entry.path("changes").forEach(c -> lines.add(c.path("field").asText() + ": "
                + (c.path("old").isNull() ? "" : c.path("old").asText()) + " -> "
                + (c.path("new").isNull() ? "" : c.path("new").asText())));
        return lines;
    }

    /** The names of the entry's organizations (not of their teams). */
    public static List<String> organizationNames(JsonNode entry) {
        List<String> names = new ArrayList<>();
        entry.path("organizations").forEach(o -> names.add(o.path("name").asText()));
        return names;
    }

    /** The ids of the entry's organizations (not of their teams). */
    public static List<String> organizationIds(JsonNode entry) {
        List<String> ids = new ArrayList<>();
        entry.path("organizations").forEach(o -> ids.add(o.path("id").asText()));
        return ids;
    }

    /** PUT {@code /admin/realms/{realm}/audit-log/{path}} with a JSON body. */
    public static Reply put(String realm, String path, String token, String json) {
        return send("PUT", realm, path, token, json);
    }

    public static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }
}
