package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Tokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Hostile input on every parameter and body field the API documents (docs/openapi.json is the list): huge,
 * negative and malformed numbers, dates and cursors, unicode, SQL and JSON meta-characters, repeated parameters,
 * very long strings — drawn from a fixed seed, so a failure replays. Every answer is a 2xx or a 4xx; a 400 names the
 * parameter; nothing is ever a 500; and a rejected request stores nothing.
 */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class BadInputIT {

    private static final String DEMO = DemoRealmConfig.REALM;
    private static final long SEED = 20261122L;
    private static final int VALUES_PER_PARAMETER = 12;

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    private static final List<String> HOSTILE = List.of("", " ", "-1", "0", "2147483648", "-9223372036854775809",
            "99999999999999999999999", "1e309", "NaN", "2026-13-45", "2026-02-30T25:61:00Z", "yesterday",
            "0000-00-00", "+275760-09-13T00:00:00Z", "' OR 1=1 --", "\"; DROP TABLE AUDIT_ENTRY; --", "%", "_", "\\",
            "{", "]", "{\"a\":1}", "null", "true", "\u0000", "\u202Eevil", "💥🔥", "ÅÄÖ", "../../etc/passwd",
            "<script>alert(1)</script>", "=HYPERLINK(\"x\")", "a,b,,c", "10.0.0.1/33", "::ffff:1.2.3.4/200",
            "ZjEKeAp4Cng", "AAAA", "x".repeat(3_000), "%00", "\n", "\t");

    private final Random random = new Random(SEED);

    private String hostile() {
        if (random.nextInt(5) == 0) {
            StringBuilder s = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                s.append((char) (random.nextInt(0x2FFF) + 1));
            }
            return s.toString();
        }
        return HOSTILE.get(random.nextInt(HOSTILE.size()));
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static long stored(String token) {
        return AuditApi.get(DEMO, "entries/count?from=2000-01-01", token).body().path("count").asLong();
    }

    @Test
    void everyParameterOfEveryEndpointAnswersHostileValuesWithAFourHundredNamingIt() throws Exception {
        String token = Tokens.demoUser("auditor");
        JsonNode doc = new ObjectMapper().readTree(Path.of("..", "docs", "openapi.json").toFile());
        long before = stored(token);
        int accepted = 0;
        List<String> failures = new ArrayList<>();
        Map<String, List<String>> endpoints = new TreeMap<>();
        doc.path("paths").properties().forEach(p -> {
            JsonNode get = p.getValue().path("get");
            if (!get.isMissingNode() && !p.getKey().contains("{")) {
                List<String> names = new ArrayList<>();
                get.path("parameters").forEach(param -> names.add(param.path("name").asText()));
                endpoints.put(p.getKey().substring(1), names);
            }
        });
        assertThat(endpoints).containsKeys("entries", "entries/count", "export", "feed", "verify", "facets");
        for (Map.Entry<String, List<String>> endpoint : endpoints.entrySet()) {
            for (String name : endpoint.getValue()) {
                for (int i = 0; i < VALUES_PER_PARAMETER; i++) {
                    String value = hostile();
                    String query = name + "=" + q(value) + (random.nextInt(6) == 0 ? "&" + name + "=" + q(hostile()) : "");
                    AuditApi.Reply reply = AuditApi.get(DEMO, endpoint.getKey() + "?" + query, token);
                    String where = "GET " + endpoint.getKey() + "?" + query.substring(0, Math.min(120, query.length()));
                    if (reply.status() >= 500) {
                        failures.add(where + " -> " + reply.status());
                    } else if (reply.status() == 400 && !name.equals(reply.body() == null ? null
                            : reply.body().path("parameter").asText()) && !controlCharacters(query)) {
                        failures.add(where + " -> 400: " + reply.raw().body());
                    } else if (reply.status() != 400 && reply.status() != 200
                            && !(reply.status() == 429 && endpoint.getKey().equals("feed"))) {
                        failures.add(where + " -> " + reply.status());
                    }
                    if (reply.status() == 200 && endpoint.getKey().equals("export")) {
                        accepted++;  // a successful export is audited
                    }
                }
            }
            // An unknown parameter is named too.
            AuditApi.Reply unknown = AuditApi.get(DEMO, endpoint.getKey() + "?" + q(hostile()) + "x=1", token);
            if (unknown.status() != 400) {
                failures.add("GET " + endpoint.getKey() + " with an unknown parameter -> " + unknown.status());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(stored(token)).as("only the accepted exports wrote entries").isEqualTo(before + accepted);
    }

    @Test
    void everyBodyFieldAnswersHostileValuesWithAFourHundredNamingIt() throws Exception {
        String auditor = Tokens.demoUser("auditor");
        String admin = Tokens.masterAdmin();  // changing settings needs manage-events
        ObjectMapper json = new ObjectMapper();
        JsonNode doc = json.readTree(Path.of("..", "docs", "openapi.json").toFile());
        List<String> failures = new ArrayList<>();
        Map<String, List<String>> bodies = Map.of(
                "exports", fieldNames(doc.path("paths").path("/exports").path("post").path("requestBody").path("content")
                        .path("application/json").path("schema").path("properties")),
                "config", fieldNames(doc.path("components").path("schemas").path("Config").path("properties")));
        String configBefore = AuditApi.get(DEMO, "config", admin).raw().body();
        boolean configAccepted = false;
        for (Map.Entry<String, List<String>> body : bodies.entrySet()) {
            for (String field : body.getValue()) {
                for (int i = 0; i < VALUES_PER_PARAMETER; i++) {
                    ObjectNode node = json.createObjectNode();
                    switch (random.nextInt(4)) {
                        case 0 -> node.put(field, hostile());
                        case 1 -> node.put(field, random.nextLong());
                        case 2 -> node.putArray(field).add(hostile()).add(random.nextInt());
                        default -> node.putObject(field).put(hostile(), hostile());
                    }
                    String method = body.getKey().equals("config") ? "PUT" : "POST";
                    String token = method.equals("PUT") ? admin : auditor;
                    AuditApi.Reply reply = AuditApi.send(method, DEMO, body.getKey(), token, node.toString());
                    String where = method + " " + body.getKey() + " " + node.toString().substring(0,
                            Math.min(120, node.toString().length()));
                    if (reply.status() >= 500) {
                        failures.add(where + " -> " + reply.status());
                    } else if (reply.status() == 400 && !field.equals(reply.body().path("parameter").asText())
                            && !reply.body().path("parameter").asText().startsWith(field + ".")
                            && !(reply.body().path("parameter").asText().equals("body"))) {
                        failures.add(where + " -> 400 naming '" + reply.body().path("parameter").asText() + "'");
                    }
                    configAccepted |= method.equals("PUT") && reply.status() == 200;
                    if (reply.status() == 202) {
                        AuditApi.delete(DEMO, "exports/" + reply.body().path("id").asText(), auditor);
                    }
                }
            }
        }
        for (String bad : List.of("", "{", "[]", "null", "\"text\"", "{\"a\":", "x".repeat(100_000))) {
            for (String target : List.of("exports", "config")) {
                AuditApi.Reply reply = AuditApi.send(target.equals("config") ? "PUT" : "POST", DEMO, target,
                        target.equals("config") ? admin : auditor, bad);
                if (reply.status() != 400) {
                    failures.add(target + " with body " + bad.substring(0, Math.min(20, bad.length())) + " -> "
                            + reply.status());
                }
            }
        }
        assertThat(failures).isEmpty();
        if (!configAccepted) {
            assertThat(AuditApi.get(DEMO, "config", admin).raw().body()).as("rejected settings change nothing")
                    .isEqualTo(configBefore);
        }
    }

    /**
     * Control characters in a URL are refused by Keycloak's HTTP layer with a 400 before the request reaches the API,
     * so no parameter can be named there; anything else must name it.
     */
    private static boolean controlCharacters(String encodedQuery) {
        return java.net.URLDecoder.decode(encodedQuery, StandardCharsets.UTF_8).chars().anyMatch(Character::isISOControl);
    }

    private static List<String> fieldNames(JsonNode properties) {
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
