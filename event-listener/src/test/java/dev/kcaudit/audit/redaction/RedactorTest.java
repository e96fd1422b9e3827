package dev.kcaudit.audit.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcaudit.audit.model.Change;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final Redactor redactor = new Redactor(Set.of(), Set.of());

    private JsonNode redacted(String json) throws Exception {
        return redactor.redact(mapper.readTree(json));
    }

    @Test
    void stripTellsWhetherAnythingWentAtAnyDepth() throws Exception {
        JsonNode clean = mapper.readTree("{\"a\":[{\"b\":{\"team\":\"blue\"}}],\"type\":\"group\",\"value\":\"x\"}");
        JsonNode copy = clean.deepCopy();
        assertThat(redactor.strip(clean)).isFalse();
        assertThat(clean).isEqualTo(copy);
        for (String secret : List.of("{\"a\":[{\"b\":{\"clientSecret\":\"s\"}}]}",
                "[{\"type\":\"password\",\"value\":\"s\"}]", "{\"x\":[[{\"path\":\"password\",\"value\":\"s\"}]]}")) {
            JsonNode tree = mapper.readTree(secret);
            assertThat(redactor.strip(tree)).as(secret).isTrue();
            assertThat(tree.toString()).as(secret).doesNotContain("\"s\"");
        }
    }

    @Test
    void namesAreComparedCaseFoldedWithoutSeparators() throws Exception {
        JsonNode rep = redacted("""
                {"client_secret":"a","clientSecret":"b","CLIENT-SECRET":"c","attributes":{
                 "saml.signing.private.key":"d","saml.encryption.private.key":"e","Private Key":"f","team":"blue"}}""");
        assertThat(rep.toString()).isEqualTo("{\"attributes\":{\"team\":\"blue\"}}");
    }

    @Test
    void secretFragmentsGoAtEveryDepthWhateverTheirValue() throws Exception {
        JsonNode rep = redacted("""
                {"username":"x","credentials":[{"type":"password","value":"S3cret!"}],
                 "config":{"bindCredential":["b"],"keystorePassword":["1234"],"smtpPasswd":"c","apiKey":"d",
                           "passphrase":"e","dbPwd":"f","hashedSaltedValue":"g","secretData":"h","url":"https://x"}}""");
        assertThat(rep.toString()).isEqualTo("{\"username\":\"x\",\"config\":{\"url\":\"https://x\"}}");
    }

    @Test
    void kindsPoliciesBooleansAndPasswordlessSettingsStay() throws Exception {
        JsonNode rep = redacted("""
                {"passwordPolicy":"length(8)","resetPasswordAllowed":true,"requiredCredentials":["password"],
                 "webAuthnPolicyPasswordlessRpEntityName":"kc","credential_type":"otp","credentialId":"c1",
                 "config":{"password-policy-hints-enabled":["true"]},"totp":false}""");
        assertThat(rep.toString()).contains("length(8)", "resetPasswordAllowed", "requiredCredentials",
                "webAuthnPolicyPasswordlessRpEntityName", "credential_type", "credentialId",
                "password-policy-hints-enabled", "totp");
    }

    @Test
    void tokensGoButTokenSettingsIdsTypesAndEndpointsStay() throws Exception {
        JsonNode rep = redacted("""
                {"registrationAccessToken":"eyJ.a.b","access_token":"t1","refreshToken":"t2","token":"t3",
                 "apiToken":"t4","code":"c1","client_assertion":"j1","otp":"123456",
                 "accessTokenLifespan":300,"revokeRefreshToken":false,"attributes":{"access.token.lifespan":"300",
                   "use.refresh.tokens":"true","access.token.signed.response.alg":"RS256",
                   "id.token.encrypted.response.enc":"A128CBC-HS256"},
                 "config":{"tokenUrl":"https://idp/token","authTokenScope":"smtp"},
                 "token_id":"j","refresh_token_type":"Refresh","code_id":"s"}""");
        assertThat(rep.toString()).doesNotContain("registrationAccessToken", "access_token", "refreshToken",
                "\"token\"", "apiToken", "\"code\"", "client_assertion", "otp");
        assertThat(rep.toString()).contains("accessTokenLifespan", "revokeRefreshToken", "access.token.lifespan",
                "use.refresh.tokens", "RS256", "A128CBC-HS256", "tokenUrl", "authTokenScope", "token_id",
                "refresh_token_type", "code_id");
    }

    @Test
    void aTokenNameWithATokenShapedValueGoesAndKeycloaksOwnSecretsGoWhateverTheirShape() throws Exception {
        assertThat(redactor.isSensitive("accessTokenLifespan", mapper.readTree("\"eyJhbGciOiJIUzI1NiJ9.e30.x\"")))
                .isTrue();
        assertThat(redactor.isSensitive("access.token.lifespan", mapper.readTree("\"12345678901\""))).isTrue();
        assertThat(redactor.isSensitive("registrationAccessToken", mapper.readTree("123"))).isTrue();
        assertThat(redactor.isSensitive("password", mapper.readTree("true"))).isTrue();
        assertThat(redactor.isSensitive("secret", null)).isTrue();
    }

    @Test
    void aPairThatNamesASecretLosesItsValue() throws Exception {
        JsonNode rep = redacted("""
                {"Operations":[{"op":"replace","path":"password","value":"p1"},
                               {"op":"replace","path":"displayName","value":"Shown"},
                               {"op":"add","path":"urn:ietf:params:scim:schemas:core:2.0:User:password","value":"p2"}],
                 "secretLike":{"type":"secret","value":"s1"},"email":{"type":"work","value":"a@b.test"}}""");
        assertThat(rep.toString()).doesNotContain("p1", "p2", "s1").contains("Shown", "a@b.test");
    }

    @Test
    void providerDeclaredAndRealmNamesAreSecretInAnySpelling() throws Exception {
        Redactor custom = new Redactor(Set.of("SSN"), Set.of(SecretNames.normalise("smsGatewayKey")));
        JsonNode rep = custom.redact(mapper.readTree("""
                {"config":{"sms_gateway_key":"k1","SmsGatewayKey":"k2","sender":"Acme"},"attributes":{"ssn":["1"],"s.s.n":"2"}}"""));
        assertThat(rep.toString()).isEqualTo("{\"config\":{\"sender\":\"Acme\"},\"attributes\":{}}");
    }

    @Test
    void eventDetailsLoseCodesAndTokensButKeepTheirIdsAndKinds() {
        Map<String, String> safe = redactor.redact(Map.of("code", "xyz", "username", "alice", "credential_type", "otp",
                "refresh_token", "r", "token_id", "t", "access_token_expiration_time", "1700000000"));
        assertThat(safe).containsOnlyKeys("username", "credential_type", "token_id", "access_token_expiration_time");
    }

    @Test
    void changesThatNameASecretGoAndSecretsInsideJsonValuesAreRedacted() {
        List<Change> safe = redactor.redact(List.of(
                new Change("attributes.saml.signing.private.key", "old-key", "new-key"),
                new Change("smtpServer.password", null, "p"),
                new Change("config.clientSecret", "**********", "**********"),
                new Change("attributes.access.token.lifespan", null, "300"),
                new Change("attributes.id.token.signed.response.alg", "RS256", "ES256"),
                new Change("credentials", null, "[{\"type\":\"password\"}]"),
                new Change("config.nested.apiToken", null, "t"),
                new Change("attributes.alternateEmail", "a@x", "b@x"),
                new Change("protocolMappers", null, "[{\"name\":\"m\",\"config\":{\"secret\":\"s1\",\"claim\":\"c\"}}]")));
        assertThat(safe).extracting(Change::field)
                .containsExactly("attributes.access.token.lifespan", "attributes.id.token.signed.response.alg",
                        "attributes.alternateEmail", "protocolMappers");
        assertThat(safe.get(3).newValue()).doesNotContain("s1").contains("claim");
    }
}
