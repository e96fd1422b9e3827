package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Issue 22, item 2: where and on what. Logins from known public addresses (sent as X-Forwarded-For, which the test
 * server trusts) with known User-Agents get the place the real GeoLite2 database gives and the parsed agent; filters,
 * facets, exports and the OCSF feed carry them.
 */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class OriginIT {

    private static final String DEMO = DemoRealmConfig.REALM;
    private static final String WINDOWS_FIREFOX =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0";
    private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X)"
            + " AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    private static long since;
    private static JsonNode fromBracknell;
    private static JsonNode fromFrankfurt;
    private static JsonNode fromLocalhost;
    private String auditor;

    /** Once per class, with the server up (the framework starts it for the first test). */
    @BeforeEach
    void logInFromThreePlaces() {
        auditor = Tokens.demoUser("auditor");
        if (fromLocalhost != null) {
            return;
        }
        since = System.currentTimeMillis() - 1_000;
        login("81.2.69.142", WINDOWS_FIREFOX);
        login("2a00:1450:4001:81b::200e", IPHONE);
        // No forwarded address: the test's own loopback address, which no database places.
        assertThat(Tokens.password(DEMO, "demo-app", "bob", DemoRealmConfig.PASSWORD,
                Map.of("User-Agent", "curl/8.5.0")).status()).isEqualTo(200);
        fromBracknell = AuditApi.await(DEMO, auditor, e -> login(e, "alice", "81.2.69.142"));
        fromFrankfurt = AuditApi.await(DEMO, auditor, e -> login(e, "alice", "2a00:1450:4001:81b::200e"));
        fromLocalhost = AuditApi.await(DEMO, auditor, e -> "auth.login".equals(e.path("action").asText())
                && "bob".equals(e.path("actor").path("username").asText()) && e.path("time").asLong() >= since);
    }

    private static void login(String ip, String agent) {
        Tokens.Grant grant = Tokens.password(DEMO, "demo-app", "alice", DemoRealmConfig.PASSWORD,
                // A public client address over plain http is refused ("HTTPS required"): the proxy says it was https.
                Map.of("X-Forwarded-For", ip, "X-Forwarded-Proto", "https", "User-Agent", agent));
        assertThat(grant.status()).as(String.valueOf(grant.body())).isEqualTo(200);
    }

    private static boolean login(JsonNode e, String username, String ip) {
        return "auth.login".equals(e.path("action").asText()) && username.equals(e.path("actor").path("username")
                .asText()) && ip.equals(e.path("ipAddress").asText()) && e.path("time").asLong() >= since;
    }

    @Test
    void entriesCarryThePlaceAndTheParsedAgent() {
        JsonNode gb = fromBracknell.path("origin");
        assertThat(gb.path("country").asText()).isEqualTo("GB");
        assertThat(gb.path("region").asText()).isEqualTo("England");
        assertThat(gb.path("city").asText()).isEqualTo("Bracknell");
        assertThat(gb.path("browser").asText()).isEqualTo("Firefox 121");
        assertThat(gb.path("os").asText()).isEqualTo("Windows 10");
        assertThat(gb.path("device").asText()).isEqualTo("desktop");
        assertThat(gb.path("userAgent").asText()).isEqualTo(WINDOWS_FIREFOX);

        JsonNode de = fromFrankfurt.path("origin");
        assertThat(de.path("country").asText()).isEqualTo("DE");
        assertThat(de.path("city").asText()).isEqualTo("Frankfurt am Main");
        assertThat(de.path("os").asText()).isEqualTo("iOS 17");
        assertThat(de.path("device").asText()).isEqualTo("mobile");

        // A loopback address has no place; the agent is still parsed; absent parts are left out.
        JsonNode local = fromLocalhost.path("origin");
        assertThat(local.path("browser").asText()).isEqualTo("curl 8");
        assertThat(local.path("device").asText()).isEqualTo("other");
        assertThat(local.has("country")).isFalse();
        assertThat(local.has("city")).isFalse();

        // The single-entry read and the organization admin's view carry it too (alice is in Acme).
        JsonNode one = AuditApi.get(DEMO, "entries/" + fromBracknell.path("id").asText(),
                Tokens.demoUser("acme-admin")).body();
        assertThat(one.path("origin")).isEqualTo(gb);
    }

    @Test
    void countryAndDeviceFilterTheListCountAndHistogram() {
        String window = "&from=" + since + "&actor=alice&action=auth.login";
        assertThat(ids("entries?max=100&country=GB" + window)).contains(id(fromBracknell))
                .doesNotContain(id(fromFrankfurt));
        // Codes in any case; several values are OR-ed.
        assertThat(ids("entries?max=100&country=de" + window)).containsExactly(id(fromFrankfurt));
        assertThat(ids("entries?max=100&country=DE,GB" + window))
                .containsExactlyInAnyOrder(id(fromBracknell), id(fromFrankfurt));
        assertThat(ids("entries?max=100&device=mobile" + window)).containsExactly(id(fromFrankfurt));
        assertThat(ids("entries?max=100&device=desktop&country=DE" + window)).isEmpty();
        assertThat(AuditApi.get(DEMO, "entries/count?country=GB&device=desktop" + window, auditor).body()
                .path("count").asLong()).isEqualTo(1);
        assertThat(AuditApi.get(DEMO, "entries/histogram?country=DE" + window, auditor).body()
                .path("total").asLong()).isEqualTo(1);
    }

    @Test
    void badCountriesAndDevicesAreA400NamingTheParameter() {
        AuditApi.Reply country = AuditApi.get(DEMO, "entries?country=GBR", auditor);
        assertThat(country.status()).isEqualTo(400);
        assertThat(country.body().toString()).contains("country");
        AuditApi.Reply device = AuditApi.get(DEMO, "entries?device=phone", auditor);
        assertThat(device.status()).isEqualTo(400);
        assertThat(device.body().toString()).contains("device");
    }

    @Test
    void facetsListTheCountriesAndDevicesSeenInTheScope() {
        JsonNode facets = AuditApi.get(DEMO, "facets", auditor).body();
        assertThat(texts(facets.path("countries"))).contains("GB", "DE");
        assertThat(texts(facets.path("devices"))).contains("desktop", "mobile", "other");
    }

    @Test
    void exportsAndTheOcsfFeedCarryThem() throws InterruptedException {
        String csv = new String(AuditApi.bytes(DEMO, "export?format=csv&country=GB&from=" + since, auditor).body(),
                StandardCharsets.UTF_8);
        assertThat(csv.lines().findFirst().orElseThrow()).contains("Location", "Device");
        assertThat(csv).contains("\"Bracknell, England, GB\"", "\"Firefox 121, Windows 10 (desktop)\"");

        // The feed serves entries once the sequencer has numbered them (within a second or two).
        JsonNode event = null;
        for (int i = 0; i < 40 && event == null; i++) {
            JsonNode feed = AuditApi.get(DEMO, "feed?format=ocsf&limit=1000&since=" + since, auditor).body();
            for (JsonNode e : feed.path("entries")) {
                if (e.path("metadata").path("uid").asText().equals(id(fromBracknell))) {
                    event = e;
                }
            }
            if (event == null) {
                Thread.sleep(250);
            }
        }
        assertThat(event).as("the login in the feed").isNotNull();
        assertThat(event.path("src_endpoint").path("ip").asText()).isEqualTo("81.2.69.142");
        assertThat(event.path("src_endpoint").path("location").path("country").asText()).isEqualTo("GB");
        assertThat(event.path("src_endpoint").path("location").path("city").asText()).isEqualTo("Bracknell");
        assertThat(event.path("http_request").path("user_agent").asText()).isEqualTo(WINDOWS_FIREFOX);
        assertThat(event.path("src_endpoint").path("type_id").asInt()).isEqualTo(2);
        assertThat(event.path("src_endpoint").path("os").path("name").asText()).isEqualTo("Windows 10");
        assertThat(event.path("src_endpoint").path("os").path("type_id").asInt()).isEqualTo(100);
    }

    private List<String> ids(String path) {
        AuditApi.Reply page = AuditApi.get(DEMO, path, auditor);
        assertThat(page.status()).as(String.valueOf(page.body())).isEqualTo(200);
        return texts(page.body().path("entries"), "id");
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(e -> e.path(field).asText()).toList();
    }

    private static String id(JsonNode entry) {
        return entry.path("id").asText();
    }
}
