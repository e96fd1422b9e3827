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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Token requests over real HTTP, the way an app, an admin or a SIEM tool makes them. */
public final class Tokens {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Tokens() {
    }

    /** The token endpoint's answer: status and JSON body (access_token, or error). */
    public record Grant(int status, JsonNode body) {
        public String accessToken() {
            if (status != 200) {
                throw new AssertionError("token request failed: " + status + " " + body);
            }
            return body.path("access_token").asText();
        }
    }

    public static Grant password(String realm, String clientId, String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        form.put("username", username);
        form.put("password", password);
        return post(realm, form);
    }

    /** A password grant sent with these request headers (User-Agent, X-Forwarded-For…). */
    public static Grant password(String realm, String clientId, String username, String password,
                                 Map<String, String> headers) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        form.put("username", username);
        form.put("password", password);
        return post(realm, form, headers);
    }

    public static Grant clientCredentials(String realm, String clientId, String secret) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        return post(realm, form);
    }

    /** Ends the session behind a refresh token at the logout endpoint, as an app does. */
    public static int logout(String realm, String clientId, String refreshToken) {
        String body = "client_id=" + clientId + "&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8);
        return sendForm("http://localhost:8080/realms/" + realm + "/protocol/openid-connect/logout", body).status();
    }

    /** Any form post to the token endpoint (refresh, token exchange…). */
    public static Grant token(String realm, Map<String, String> form) {
        return post(realm, form);
    }

    /** A token of the bootstrap admin user (admin/admin in master), the way the admin console logs in. */
    public static String masterAdmin() {
        return password("master", "admin-cli", "admin", "admin").accessToken();
    }

    /** A demo-realm user's token through the demo's public app. */
    public static String demoUser(String username) {
        return password(DemoRealmConfig.REALM, "demo-app", username, DemoRealmConfig.PASSWORD).accessToken();
    }

    private static Grant post(String realm, Map<String, String> form) {
        return post(realm, form, Map.of());
    }

    private static Grant post(String realm, Map<String, String> form, Map<String, String> headers) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return sendForm("http://localhost:8080/realms/" + realm + "/protocol/openid-connect/token", body, headers);
    }

    private static Grant sendForm(String url, String body) {
        return sendForm(url, body, Map.of());
    }

    private static Grant sendForm(String url, String body, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded");
        headers.forEach(builder::header);
        HttpRequest request = builder.POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return new Grant(response.statusCode(), text == null || text.isBlank() ? null : JSON.readTree(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
