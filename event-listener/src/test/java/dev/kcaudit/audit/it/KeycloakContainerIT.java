package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dasniko.testcontainers.keycloak.KeycloakContainer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * For users with Docker: the extension loads in the official Keycloak image and serves its API.
 * Skips itself cleanly where no Docker engine runs (as on our CI machines).
 */
@Testcontainers(disabledWithoutDocker = true)
class KeycloakContainerIT {

    @Container
    static final KeycloakContainer KEYCLOAK = new KeycloakContainer("quay.io/keycloak/keycloak:26.7.3")
            .withProviderClassesFrom("target/classes");

    @Test
    void extensionIsDeployedAndServesItsApi() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(
                        URI.create(KEYCLOAK.getAuthServerUrl() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username="
                        + KEYCLOAK.getAdminUsername() + "&password=" + KEYCLOAK.getAdminPassword()))
                .build(), HttpResponse.BodyHandlers.ofString());
        String accessToken = new ObjectMapper().readTree(token.body()).path("access_token").asText();

        HttpResponse<String> entries = http.send(HttpRequest.newBuilder(
                        URI.create(KEYCLOAK.getAuthServerUrl() + "/admin/realms/master/audit-log/entries"))
                .header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(entries.statusCode()).isEqualTo(200);
        assertThat(entries.body()).startsWith("{\"entries\":[");
    }
}
