package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.KeycloakVersion;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Rest;
import dev.kcaudit.audit.it.support.Tokens;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Files and names that cannot change meaning: a download's Content-Disposition is valid RFC 6266 for any realm name,
 * every CSV field is quoted (so no cell splits or merges under the other delimiter), a failed login's typed user
 * name cannot smuggle control or bidirectional-override characters into the log, and the settings endpoint refuses
 * unknown query parameters like every other endpoint.
 */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class ExportSafetyIT {

    private static final String DEMO = DemoRealmConfig.REALM;
    /**
     * A quote, non-Latin letters, a tab and a bell: all allowed in realm names by Keycloak (a backslash is not).
     * Keycloak 26.4 and 26.5 cannot create a realm with a double quote in its name (its generated key's certificate
     * subject is then "badly formatted"), so there the quote is an apostrophe.
     */
    private static final String REALM = KeycloakVersion.atLeast(26, 6) ? "O\"Brien ünï 名\t\u0007x"
            : "O'Brien ünï 名\t\u0007x";
    private static final Pattern DISPOSITION = Pattern.compile(
            "attachment; filename=\"([\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]*)\"; filename\\*=UTF-8''([A-Za-z0-9!#$&+.^_`|~%-]+)");

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    /** A path segment as RFC 3986 wants it: every byte outside the unreserved set percent-encoded. */
    private static String segment(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '.' || c == '_' || c == '~') {
                out.write(c);
            } else {
                out.writeBytes(String.format("%%%02X", c).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void aDownloadNamesItsFileValidlyForAnyRealmName() throws Exception {
        String admin = Tokens.masterAdmin();
        Rest.Reply created = Rest.admin("POST", "", admin, "{\"realm\":" + new com.fasterxml.jackson.databind
                .ObjectMapper().writeValueAsString(REALM) + ",\"enabled\":true,\"eventsListeners\":[\"audit-log\"]}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        String path = segment(REALM);
        List<String> headers = new ArrayList<>();
        for (String format : List.of("csv", "json", "xlsx", "pdf")) {
            HttpResponse<byte[]> file = AuditApi.bytes(path, "export?format=" + format, admin);
            assertThat(file.statusCode()).isEqualTo(200);
            headers.add(file.headers().firstValue("Content-Disposition").orElseThrow());
        }
        AuditApi.Reply job = AuditApi.post(path, "exports", admin, "{\"format\":\"csv\"}");
        assertThat(job.status()).isEqualTo(202);
        String id = job.body().path("id").asText();
        for (int i = 0; i < 100 && !AuditApi.get(path, "exports/" + id, admin).body().path("status").asText()
                .equals("Completed"); i++) {
            Thread.sleep(100);
        }
        headers.add(AuditApi.bytes(path, "exports/" + id + "/download", admin).headers()
                .firstValue("Content-Disposition").orElseThrow());

        for (String header : headers) {
            Matcher m = DISPOSITION.matcher(header);
            assertThat(m.matches()).as("RFC 6266: " + header).isTrue();
            String name = URLDecoder.decode(m.group(2).replace("+", "%2B"), StandardCharsets.UTF_8);
            String kept = REALM.substring(0, 1 + REALM.indexOf('名'));
            assertThat(name).as("filename*").startsWith("audit-log_" + kept + "__x_")
                    .doesNotContainPattern("\\p{Cntrl}");
            // The ASCII fallback replaces the double quote; an apostrophe is a legal quoted-string character.
            String quote = REALM.charAt(1) == '"' ? "_" : "'";
            assertThat(m.group(1)).as("ASCII fallback").startsWith("audit-log_O" + quote + "Brien _n_ ___x_");
        }
        assertThat(Rest.admin("DELETE", path, admin, null).status()).isEqualTo(204);
    }

    @Test
    void everyCsvFieldIsQuotedUnderEitherDelimiter() {
        Tokens.demoUser("alice");
        String auditor = Tokens.demoUser("auditor");
        for (String delimiter : List.of("comma", "semicolon")) {
            String csv = AuditApi.get(DEMO, "export?format=csv&delimiter=" + delimiter, auditor).raw().body();
            char sep = delimiter.equals("comma") ? ',' : ';';
            List<String> unquoted = unquotedFields(csv, sep);
            assertThat(csv.lines().count()).isGreaterThan(1);
            assertThat(unquoted).as(delimiter).isEmpty();
        }
    }

    /** Fields of an RFC 4180 text that do not start with a quote. */
    private static List<String> unquotedFields(String csv, char sep) {
        List<String> unquoted = new ArrayList<>();
        int i = 0;
        while (i < csv.length()) {
            if (csv.charAt(i) != '"') {
                int end = i;
                while (end < csv.length() && csv.charAt(end) != sep && csv.charAt(end) != '\r') {
                    end++;
                }
                unquoted.add(csv.substring(i, end));
                i = end;
            } else {
                i++;
                while (i < csv.length() && !(csv.charAt(i) == '"' && (i + 1 == csv.length() || csv.charAt(i + 1) != '"'))) {
                    i += csv.charAt(i) == '"' ? 2 : 1;
                }
                i++;
            }
            if (i < csv.length() && csv.charAt(i) == sep) {
                i++;
            } else if (csv.startsWith("\r\n", i)) {
                i += 2;
            }
        }
        return unquoted;
    }

    @Test
    void aTypedUserNameCannotSmuggleControlOrDirectionCharacters() {
        String typed = "mallory\u202Egnp.exe\u0007\u2066x";
        assertThat(Tokens.password(DEMO, "demo-app", typed, "guess").status())
                .isEqualTo(KeycloakVersion.invalidGrantStatus());
        JsonNode entry = AuditApi.newest(DEMO, Tokens.demoUser("auditor"),
                e -> e.path("action").asText().equals("auth.login.failed")
                        && e.path("actor").path("username").asText().startsWith("mallory\\u202E"));
        String stored = entry.toString();
        assertThat(entry.path("actor").path("username").asText()).isEqualTo("mallory\\u202Egnp.exe\\u0007\\u2066x");
        assertThat(AuditApi.get(DEMO, "entries/" + entry.path("id").asText(), Tokens.demoUser("auditor")).raw().body())
                .doesNotContain("\u202E", "\u2066", "\u0007");
        assertThat(stored).doesNotContain("\u202E", "\u2066");
    }

    @Test
    void theSettingsEndpointRefusesUnknownQueryParameters() {
        AuditApi.Reply reply = AuditApi.put(DEMO, "config?surprise=1", Tokens.masterAdmin(), "{}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().path("parameter").asText()).isEqualTo("surprise");
    }
}
