package dev.kcaudit.audit.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void dropsSecretsAtEveryDepthAndKeepsTheRest() throws Exception {
        JsonNode rep = mapper.readTree("""
                {"username":"x","credentials":[{"type":"password","value":"S3cret!"}],
                 "attributes":{"ssn":["123"],"team":["blue"]},
                 "config":{"clientSecret":"abc","bindCredential":"def","url":"https://x"},
                 "secret":"**********","passwordPolicy":"length(8)"}""");
        new Redactor(Set.of("SSN")).redact(rep);
        assertThat(rep.toString())
                .doesNotContain("S3cret!", "abc", "def", "123", "**********")
                .contains("\"username\":\"x\"", "blue", "https://x", "length(8)");
    }

    @Test
    void dropsTokensFromEventDetails() {
        Map<String, String> safe = new Redactor(Set.of()).redact(
                Map.of("code", "xyz", "username", "alice", "credential_type", "otp", "refresh_token", "r"));
        assertThat(safe).containsOnlyKeys("username", "credential_type");
    }
}
