package dev.kcaudit.resilience.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Real HTTP to one Keycloak node: the master admin's token (renewed before it expires), Keycloak's admin API, the
 * audit-log API and password logins. Methods that may meet a crashed server throw {@link IOException}, so callers
 * can tell "the server answered" from "the request was lost".
 */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final long TOKEN_REUSE_MS = 30_000;

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private String token;
    private long tokenTime;

    public Api(String base) {
        this.base = base;
    }

    public String base() {
        return base;
    }

    /** A status, body and {@code Location} header; {@link #json()} parses the body. */
    public record Reply(int status, String body, String location) {
        public boolean ok() {
            return status / 100 == 2;
        }

        /** The id at the end of {@code Location}, e.g. a created user's. */
        public String createdId() {
            return location == null ? null : location.substring(location.lastIndexOf('/') + 1);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (" + status + "): " + body, e);
            }
        }
    }

    /** A request to {@code /admin/realms/{path}} as the master admin. */
    public Reply admin(String method, String path, String json) throws IOException {
        return send(method, "/admin/realms/" + path, json, adminToken());
    }

    /** The same, for callers that do not expect the server to go away. */
    public Reply adminOrFail(String method, String path, String json) {
        try {
            return admin(method, path, json);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        }
    }

    /** A request to {@code /admin/realms/{realm}/audit-log/{path}} as the master admin. */
    public Reply audit(String realm, String method, String path, String json) {
        return adminOrFail(method, realm + "/audit-log/" + path, json);
    }

    /** GET of an audit-log resource that must succeed. */
    public JsonNode auditGet(String realm, String path) {
        Reply reply = audit(realm, "GET", path, null);
        if (!reply.ok()) {
            throw new AssertionError("GET audit-log/" + path + ": " + reply.status() + " " + reply.body());
        }
        return reply.json();
    }

    /** A file download from the audit-log API (export jobs). */
    public HttpResponse<byte[]> download(String realm, String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/admin/realms/" + realm + "/audit-log/" + path))
                .header("Authorization", "Bearer " + adminToken()).timeout(Duration.ofSeconds(60)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** A password login (direct grant); the reply carries the tokens. */
    public Reply login(String realm, String clientId, String username, String password) throws IOException {
        String form = "grant_type=password&client_id=" + enc(clientId) + "&username=" + enc(username)
                + "&password=" + enc(password);
        return send("POST", "/realms/" + realm + "/protocol/openid-connect/token", form, null);
    }

    /** The user session id ({@code sid}) an access token belongs to. */
    public static String sessionId(Reply login) {
        String token = login.json().path("access_token").asText();
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
            return claims.path("sid").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized String adminToken() throws IOException {
        if (token == null || System.currentTimeMillis() - tokenTime > TOKEN_REUSE_MS) {
            Reply reply = login("master", "admin-cli", "admin", "admin");
            if (!reply.ok()) {
                throw new IOException("admin login failed: " + reply.status() + " " + reply.body());
            }
            token = reply.json().path("access_token").asText();
            tokenTime = System.currentTimeMillis();
        }
        return token;
    }

    private Reply send(String method, String path, String body, String bearer) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(90));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.header("Content-Type", body.startsWith("{") || body.startsWith("[")
                    ? "application/json" : "application/x-www-form-urlencoded");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(),
                    response.headers().firstValue("Location").orElse(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
