package dev.kcaudit.audit.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Keycloak's admin REST API over real HTTP as a given admin (bearer token), for attacks no admin client models. */
public final class Rest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Rest() {
    }

    public record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        public String location() {
            return raw.headers().firstValue("Location").orElseThrow();
        }

        /** The id at the end of a 201's Location header. */
        public String createdId() {
            String location = location();
            return location.substring(location.lastIndexOf('/') + 1);
        }
    }

    /** {@code method /admin/realms/{path}} with the token, and a JSON body when {@code json} is set. */
    public static Reply admin(String method, String path, String token, String json) {
        return send(method, "http://localhost:8080/admin/realms/" + path, token, json);
    }

    public static Reply send(String method, String url, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode body = null;
            if (text != null && !text.isBlank() && (text.charAt(0) == '{' || text.charAt(0) == '[')) {
                body = JSON.readTree(text);
            }
            return new Reply(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
