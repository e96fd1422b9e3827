package dev.kcaudit.audit.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Keycloak's native SCIM 2.0 API over real HTTP, authenticated as the demo realm's scim-client. */
public final class Scim {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Scim() {
    }

    public record Reply(int status, JsonNode body) {
    }

    public static Reply send(String method, String path, String json) {
        return send(DemoRealmConfig.REALM, "scim-client", "scim-demo-secret", method, path, json);
    }

    /** A SCIM request in any realm, as its provisioning client with this secret. */
    public static Reply send(String realm, String clientId, String secret, String method, String path, String json) {
        String token = Tokens.clientCredentials(realm, clientId, secret).accessToken();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:8080/realms/" + realm + "/scim/v2/" + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/scim+json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Reply(response.statusCode(), body == null || body.isBlank() ? null : JSON.readTree(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
