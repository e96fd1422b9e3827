package dev.kcaudit.audit.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SecretPlacesTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode at(String path, String json) throws Exception {
        return SecretPlaces.representation(path, mapper.readTree(json));
    }

    @Test
    void representationsThatAreSecretsAsAWholeAreDropped() throws Exception {
        assertThat(at("clients/c1/registration-access-token", "{\"clientId\":\"x\",\"registrationAccessToken\":\"t\"}"))
                .isNull();
        assertThat(at("clients/c1/client-secret", "{\"type\":\"secret\",\"value\":\"**********\"}")).isNull();
        assertThat(at("clients/c1/client-secret/rotated", "{\"type\":\"secret\",\"value\":\"s\"}")).isNull();
        assertThat(at("/users/u1/reset-password", "{\"type\":\"password\",\"value\":\"p\"}")).isNull();
    }

    @Test
    void aGeneratedOrUploadedKeyPairKeepsOnlyItsCertificateAndKeyId() throws Exception {
        for (String action : new String[] {"generate", "generate-and-download", "upload", "upload-certificate"}) {
            assertThat(at("clients/c1/certificates/saml.signing/" + action,
                    "{\"privateKey\":\"MIIE\",\"publicKey\":\"MIIB\",\"certificate\":\"MIIC\",\"kid\":\"k\"}"))
                    .hasToString("{\"certificate\":\"MIIC\",\"kid\":\"k\"}");
        }
    }

    @Test
    void otherPathsKeepTheirRepresentation() throws Exception {
        assertThat(at("clients/c1", "{\"clientId\":\"x\"}")).hasToString("{\"clientId\":\"x\"}");
        assertThat(at("users/u1/reset-password-email", "{\"a\":1}")).hasToString("{\"a\":1}");
        assertThat(SecretPlaces.representation(null, null)).isNull();
    }
}
