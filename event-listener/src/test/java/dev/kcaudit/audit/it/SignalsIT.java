package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.feed.OcsfValidator;
import dev.kcaudit.audit.it.support.Admin;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.DemoUsers;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Tokens;
import jakarta.ws.rs.core.Response;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Issue 22, item 3: each signal rule fires on the activity it describes and stays quiet on a near miss, with real
 * Keycloak events. A near miss is checked once its entries are judged: numbered, which happens in the transaction
 * that judges them, so a signal they raised would be committed with their numbers.
 */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class SignalsIT {

    private static final String DEMO = DemoRealmConfig.REALM;
    private static final String THRESHOLDS = """
            {"signals": {"enabled": true, "rules": {
              "failed-logins-user": {"enabled": true, "threshold": 4, "windowMinutes": 10},
              "failed-logins-network": {"enabled": true, "threshold": 5, "windowMinutes": 10},
              "success-after-failures": {"enabled": true, "threshold": 3, "windowMinutes": 10},
              "mass-deletion": {"enabled": true, "threshold": 3, "windowMinutes": 5},
              "off-hours": {"enabled": false}}}}""";
    private static final String FIREFOX =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0";
    private static final String FIREFOX_UPDATED =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:122.0) Gecko/20100101 Firefox/122.0";
    private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X)"
            + " AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    private String auditor;
    private long since;

    @BeforeEach
    void thresholds() {
        auditor = Tokens.demoUser("auditor");
        since = System.currentTimeMillis() - 1_000;
        assertThat(AuditApi.put(DEMO, "config", Tokens.masterAdmin(), THRESHOLDS).status()).isEqualTo(200);
    }

    @AfterEach
    void defaults() {
        AuditApi.put(DEMO, "config", Tokens.masterAdmin(), "{\"signals\": {\"rules\": {"
                + "\"failed-logins-user\": {\"threshold\": 5}, \"failed-logins-network\": {\"threshold\": 20},"
                + "\"success-after-failures\": {\"threshold\": 5}, \"mass-deletion\": {\"threshold\": 10},"
                + "\"off-hours\": {\"enabled\": false}}}}");
    }

    @Test
    void failedLoginsForOneUserRaiseASignalAtTheThresholdNotBelow() {
        String name = unique("burst");
        String id = DemoUsers.create(name, DemoRealmConfig.PASSWORD);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            failures.add(failLogin(name, "192.0.2.10", FIREFOX));
        }
        awaitJudged(failures);
        assertThat(signals("failed-logins-user", id)).as("3 failures, threshold 4").isEmpty();

        failures.add(failLogin(name, "192.0.2.10", FIREFOX));
        JsonNode signal = awaitSignal("failed-logins-user", id);
        assertThat(signal.path("category").asText()).isEqualTo("security");
        assertThat(signal.path("details").path("severity").asText()).isEqualTo("medium");
        assertThat(signal.path("details").path("count").asInt()).isEqualTo(4);
        assertThat(signal.path("details").path("threshold").asInt()).isEqualTo(4);
        assertThat(strings(signal.path("details").path("triggers"))).containsExactlyInAnyOrderElementsOf(failures);
        assertThat(signal.path("resource").path("name").asText()).isEqualTo(name);
        assertThat(signal.path("actor").path("type").asText()).isEqualTo("system");

        // The triggers, as the console's link asks for them: exactly the failures.
        List<String> linked = AuditApi.entries(DEMO, auditor, "from=" + since + "&" + ids(failures)).stream()
                .map(e -> e.path("id").asText()).toList();
        assertThat(linked).containsExactlyInAnyOrderElementsOf(failures);

        // One burst, one signal: a fifth failure within the window raises no second one.
        awaitJudged(List.of(failLogin(name, "192.0.2.10", FIREFOX)));
        assertThat(signals("failed-logins-user", id)).hasSize(1);

        // The user is in no organization: an organization admin does not see the signal.
        assertThat(AuditApi.get(DEMO, "entries/" + signal.path("id").asText(), Tokens.demoUser("acme-admin"))
                .status()).isEqualTo(404);

        // In the feed as an OCSF Detection Finding linking its triggers.
        JsonNode finding = ocsf(signal.path("id").asText());
        assertThat(finding.path("class_uid").asInt()).isEqualTo(2004);
        assertThat(finding.path("severity_id").asInt()).isEqualTo(3);
        assertThat(OcsfValidator.problems(finding)).isEmpty();
        List<String> related = new ArrayList<>();
        finding.path("finding_info").path("related_events").forEach(r -> related.add(r.path("uid").asText()));
        assertThat(related).containsExactlyInAnyOrderElementsOf(failures);
    }

    @Test
    void failedLoginsFromOneNetworkRaiseASignalWhateverTheUsers() {
        String network = "198.51." + (100 + (int) (Math.random() * 100)) + ".";
        List<String> failures = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            failures.add(failLogin(unique("sprayed"), network + i, FIREFOX));
        }
        // Another network's failure does not count.
        failures.add(failLogin(unique("sprayed"), "203.0.113.9", FIREFOX));
        awaitJudged(failures);
        assertThat(signals("failed-logins-network", network + "0/24")).as("4 failures, threshold 5").isEmpty();

        String fifth = failLogin(unique("sprayed"), network + "200", FIREFOX);
        JsonNode signal = awaitSignal("failed-logins-network", network + "0/24");
        assertThat(signal.path("details").path("severity").asText()).isEqualTo("high");
        assertThat(strings(signal.path("details").path("triggers"))).hasSize(5).contains(fifth)
                .doesNotContain(failures.get(4));
    }

    @Test
    void aLoginAfterABurstOfFailuresIsASignalAfterFewerItIsNot() {
        String few = unique("few");
        String fewId = DemoUsers.create(few, DemoRealmConfig.PASSWORD);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            seen.add(failLogin(few, "192.0.2.20", FIREFOX));
            pauseForBruteForceDetection();
        }
        seen.add(login(few, "192.0.2.20", FIREFOX));
        awaitJudged(seen);
        assertThat(signals("success-after-failures", fewId)).as("2 failures, threshold 3").isEmpty();

        String many = unique("many");
        String manyId = DemoUsers.create(many, DemoRealmConfig.PASSWORD);
        for (int i = 0; i < 3; i++) {
            failLogin(many, "192.0.2.21", FIREFOX);
            pauseForBruteForceDetection();
        }
        String success = login(many, "192.0.2.21", FIREFOX);
        JsonNode signal = awaitSignal("success-after-failures", manyId);
        assertThat(signal.path("details").path("count").asInt()).isEqualTo(3);
        assertThat(strings(signal.path("details").path("triggers"))).hasSize(4).contains(success);
    }

    @Test
    void aLoginFromANewCountryOrOnANewDeviceIsASignalTheUsualPlaceIsNot() {
        String name = unique("traveller");
        String id = DemoUsers.create(name, DemoRealmConfig.PASSWORD);
        // The first login is no news; the same country and a browser update are not new.
        List<String> usual = new ArrayList<>(List.of(login(name, "81.2.69.142", FIREFOX)));
        usual.add(login(name, "81.2.69.142", FIREFOX_UPDATED));
        awaitJudged(usual);
        assertThat(signals("new-country", id)).isEmpty();
        assertThat(signals("new-device", id)).isEmpty();

        String abroad = login(name, "2a00:1450:4001:81b::200e", IPHONE);
        JsonNode country = awaitSignal("new-country", id);
        assertThat(strings(country.path("details").path("triggers"))).containsExactly(abroad);
        assertThat(country.path("details").path("reason").asText()).contains("DE");
        JsonNode device = awaitSignal("new-device", id);
        assertThat(device.path("details").path("reason").asText()).contains("iOS").contains("mobile");
        assertThat(device.path("details").path("severity").asText()).isEqualTo("low");
    }

    @Test
    void grantingAnAdministrativeRoleIsASignalAnOrdinaryRoleIsNot() {
        String id = DemoUsers.create(unique("promoted"), DemoRealmConfig.PASSWORD);
        var plain = new RoleRepresentation(unique("plain-role"), null, false);
        Admin.demo().roles().create(plain);
        Admin.demo().users().get(id).roles().realmLevel().add(List.of(Admin.demo().roles().get(plain.getName())
                .toRepresentation()));
        awaitJudged(List.of(AuditApi.awaitDemo(e -> "role.assigned".equals(e.path("action").asText())
                && id.equals(e.path("resource").path("id").asText())).path("id").asText()));
        assertThat(signals("admin-role-granted", id)).isEmpty();

        ClientRepresentation management = Admin.demo().clients().findByClientId("realm-management").get(0);
        RoleRepresentation viewEvents = Admin.demo().clients().get(management.getId()).roles().get("view-events")
                .toRepresentation();
        Admin.demo().users().get(id).roles().clientLevel(management.getId()).add(List.of(viewEvents));
        JsonNode signal = awaitSignal("admin-role-granted", id);
        assertThat(signal.path("details").path("reason").asText()).contains("view-events");
        assertThat(signal.path("details").path("severity").asText()).isEqualTo("high");
    }

    @Test
    void changingASecretIsASignalChangingAnythingElseIsNot() {
        String alias = unique("partner-idp");
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(alias);
        idp.setProviderId("oidc");
        idp.setConfig(new HashMap<>(Map.of("clientId", "kc", "clientSecret", "first-secret",
                "authorizationUrl", "https://idp.example.test/auth", "tokenUrl", "https://idp.example.test/token",
                "clientAuthMethod", "client_secret_post")));
        try (Response created = Admin.demo().identityProviders().create(idp)) {
            assertThat(created.getStatus()).isEqualTo(201);
        }
        JsonNode creation = AuditApi.awaitDemo(e -> "idp.created".equals(e.path("action").asText())
                && alias.equals(e.path("resource").path("id").asText()));
        assertThat(creation.path("details").path("sensitiveFieldsChanged").toString()).as(creation.toString())
                .contains("config.clientSecret");
        awaitSignal("secret-changed", alias); // setting a credential on creation counts

        // Saved as the console saves it: the secret masked, only the display name changed.
        IdentityProviderRepresentation stored = Admin.demo().identityProviders().get(alias).toRepresentation();
        stored.setDisplayName("Partner");
        Admin.demo().identityProviders().get(alias).update(stored);
        JsonNode renamed = AuditApi.awaitDemo(e -> "idp.updated".equals(e.path("action").asText())
                && alias.equals(e.path("resource").path("id").asText()));
        awaitJudged(List.of(renamed.path("id").asText()));
        assertThat(signals("secret-changed", alias)).hasSize(1);

        stored = Admin.demo().identityProviders().get(alias).toRepresentation();
        stored.getConfig().put("clientSecret", "second-secret");
        Admin.demo().identityProviders().get(alias).update(stored);
        AuditApi.await(DEMO, auditor, e -> "signal.secret-changed".equals(e.path("action").asText())
                && signals("secret-changed", alias).size() == 2);
        JsonNode changed = signals("secret-changed", alias).get(0);
        assertThat(changed.path("details").path("reason").asText()).contains("config.clientSecret");
        // Names only: the values appear nowhere in the signal.
        assertThat(changed.toString()).doesNotContain("second-secret").doesNotContain("first-secret");

        ClientRepresentation app = Admin.demo().clients().findByClientId("siem-reader").get(0);
        Admin.demo().clients().get(app.getId()).generateNewSecret();
        awaitSignal("secret-changed", app.getId());
    }

    @Test
    void massDeletionIsASignalAFewDeletionsAreNot() {
        // One admin of their own, so other tests' deletions do not count.
        String adminName = unique("cleaner");
        String adminId = DemoUsers.create(adminName, DemoRealmConfig.PASSWORD);
        ClientRepresentation management = Admin.demo().clients().findByClientId("realm-management").get(0);
        Admin.demo().users().get(adminId).roles().clientLevel(management.getId()).add(List.of(
                Admin.demo().clients().get(management.getId()).roles().get("manage-users").toRepresentation()));
        String token = Tokens.password(DEMO, "demo-app", adminName, DemoRealmConfig.PASSWORD).accessToken();
        List<String> deletions = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            deletions.add(deleteUser(token, DemoUsers.create(unique("doomed"), DemoRealmConfig.PASSWORD)));
        }
        awaitJudged(deletions);
        assertThat(signals("mass-deletion", adminId)).as("2 deletions, threshold 3").isEmpty();

        deletions.add(deleteUser(token, DemoUsers.create(unique("doomed"), DemoRealmConfig.PASSWORD)));
        JsonNode signal = awaitSignal("mass-deletion", adminId);
        assertThat(signal.path("details").path("count").asInt()).isEqualTo(3);
        assertThat(signal.path("resource").path("name").asText()).isEqualTo(adminName);
    }

    @Test
    void aChangeOutsideBusinessHoursIsASignalInsideItIsNot() {
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        String inside = "{\"signals\": {\"businessHours\": {\"timeZone\": \"UTC\", \"days\": [\"MON\", \"TUE\", \"WED\","
                + " \"THU\", \"FRI\", \"SAT\", \"SUN\"], \"start\": \"" + hhmm(now.minusHours(2)) + "\", \"end\": \""
                + hhmm(now.plusHours(2)) + "\"}, \"rules\": {\"off-hours\": {\"enabled\": true}}}}";
        assertThat(AuditApi.put(DEMO, "config", Tokens.masterAdmin(), inside).status()).isEqualTo(200);
        String daytime = createGroup();
        awaitJudged(List.of(daytime));
        assertThat(signals("off-hours", null)).noneMatch(s -> strings(s.path("details").path("triggers"))
                .contains(daytime));

        String outside = inside.replace(hhmm(now.minusHours(2)), hhmm(now.plusHours(3)))
                .replace(hhmm(now.plusHours(2)), hhmm(now.plusHours(5)));
        assertThat(AuditApi.put(DEMO, "config", Tokens.masterAdmin(), outside).status()).isEqualTo(200);
        createGroup();
        JsonNode signal = AuditApi.await(DEMO, auditor, e -> "signal.off-hours".equals(e.path("action").asText())
                && e.path("time").asLong() >= since);
        assertThat(signal.path("details").path("severity").asText()).isEqualTo("low");
        assertThat(signal.path("resource").path("name").asText()).isEqualTo("admin");
    }

    @Test
    void capturingLessIsASignalCapturingMoreIsNot() {
        String all = "{\"categories\": [\"authentication\", \"credentials\", \"users\", \"members\", \"roles\","
                + " \"clients\", \"organizations\", \"scim\", \"identity-providers\", \"realm-settings\", \"audit\"]}";
        assertThat(AuditApi.put(DEMO, "config", Tokens.masterAdmin(), all.replace(", \"scim\"", "")).status())
                .isEqualTo(200);
        JsonNode signal = AuditApi.await(DEMO, auditor, e -> "signal.capture-reduced".equals(e.path("action")
                .asText()) && e.path("time").asLong() >= since);
        assertThat(signal.path("details").path("reason").asText()).contains("scim");

        assertThat(AuditApi.put(DEMO, "config", Tokens.masterAdmin(), all).status()).isEqualTo(200);
        JsonNode added = AuditApi.awaitDemo(e -> "audit.capture.category.added".equals(e.path("action").asText())
                && e.path("time").asLong() >= since);
        awaitJudged(List.of(added.path("id").asText()));
        assertThat(signals("capture-reduced", null)).allMatch(s -> s.path("id").asText()
                .equals(signal.path("id").asText()));

        // Security entries are raised, not captured: the settings refuse them as a category.
        AuditApi.Reply refused = AuditApi.put(DEMO, "config", Tokens.masterAdmin(), "{\"categories\": [\"security\"]}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("parameter").asText()).isEqualTo("categories");
        AuditApi.Reply badThreshold = AuditApi.put(DEMO, "config", Tokens.masterAdmin(),
                "{\"signals\": {\"rules\": {\"mass-deletion\": {\"threshold\": 0}}}}");
        assertThat(badThreshold.status()).isEqualTo(400);
        assertThat(badThreshold.body().path("parameter").asText()).isEqualTo("signals.rules.mass-deletion.threshold");
    }

    private String createGroup() {
        var group = new org.keycloak.representations.idm.GroupRepresentation();
        group.setName(unique("night-shift"));
        Admin.demo().groups().add(group).close();
        return AuditApi.awaitDemo(e -> "group.created".equals(e.path("action").asText())
                && group.getName().equals(e.path("resource").path("name").asText())).path("id").asText();
    }

    private String deleteUser(String token, String userId) {
        assertThat(dev.kcaudit.audit.it.support.Rest.admin("DELETE", DEMO + "/users/" + userId, token,
                null).status()).isEqualTo(204);
        return AuditApi.awaitDemo(e -> "user.deleted".equals(e.path("action").asText())
                && userId.equals(e.path("resource").path("id").asText())).path("id").asText();
    }

    private static String hhmm(LocalTime t) {
        return String.format("%02d:%02d", t.getHour(), t.getMinute());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A failed password login, as a proxy forwarding this address and agent sends it; the entry's id. */
    private String failLogin(String username, String ip, String agent) {
        Tokens.Grant grant = Tokens.password(DEMO, "demo-app", username, "wrong-password", headers(ip, agent));
        assertThat(grant.status()).as(String.valueOf(grant.body())).isIn(400, 401);
        return awaitLogin("auth.login.failed", username, ip);
    }

    private String login(String username, String ip, String agent) {
        Tokens.Grant grant = Tokens.password(DEMO, "demo-app", username, DemoRealmConfig.PASSWORD, headers(ip, agent));
        assertThat(grant.status()).as(String.valueOf(grant.body())).isEqualTo(200);
        return awaitLogin("auth.login", username, ip);
    }

    private final List<String> seenLogins = new ArrayList<>();

    /** The newest entry of this login not returned before. */
    private String awaitLogin(String action, String username, String ip) {
        Predicate<JsonNode> match = e -> action.equals(e.path("action").asText())
                && (username.equals(e.path("actor").path("username").asText())
                || username.equals(e.path("resource").path("name").asText()))
                && ip.equals(e.path("ipAddress").asText()) && !seenLogins.contains(e.path("id").asText());
        String id = AuditApi.await(DEMO, auditor, match).path("id").asText();
        seenLogins.add(id);
        return id;
    }

    private static Map<String, String> headers(String ip, String agent) {
        return Map.of("X-Forwarded-For", ip, "X-Forwarded-Proto", "https", "User-Agent", agent);
    }

    /** Waits until these entries are numbered: judged, with whatever they raised committed. */
    private void awaitJudged(List<String> entryIds) {
        for (int i = 0; i < 60; i++) {
            List<JsonNode> found = AuditApi.entries(DEMO, auditor, "from=" + since + "&" + ids(entryIds));
            if (found.size() == entryIds.size() && found.stream().allMatch(e -> e.path("integrity").has("seq"))) {
                return;
            }
            sleep();
        }
        throw new AssertionError("entries not numbered within 15 s: " + entryIds);
    }

    private JsonNode awaitSignal(String rule, String subjectId) {
        for (int i = 0; i < 60; i++) {
            List<JsonNode> found = signals(rule, subjectId);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            sleep();
        }
        throw new AssertionError("no " + rule + " signal about " + subjectId + " within 15 s");
    }

    /** This test's signals of a rule (about the subject, when given), newest first. */
    private List<JsonNode> signals(String rule, String subjectId) {
        return AuditApi.entries(DEMO, auditor, "category=security&action=signal." + rule + "&from=" + since).stream()
                .filter(e -> subjectId == null || subjectId.equals(e.path("resource").path("id").asText())).toList();
    }

    private JsonNode ocsf(String id) {
        JsonNode page = AuditApi.get(DEMO, "feed?format=ocsf&limit=1000&id=" + id + "&since="
                + java.time.Instant.ofEpochMilli(since), auditor).body();
        assertThat(page.path("entries").size()).as(page.toString()).isEqualTo(1);
        return page.path("entries").get(0);
    }

    private static String ids(List<String> entryIds) {
        return String.join("&", entryIds.stream().map(id -> "id=" + id).toList());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * The demo realm's brute-force detection locks a user whose failures come quicker than one a second (Keycloak's
     * quick-login check), and a locked user cannot log in: the rule needs a login that succeeds.
     */
    private static void pauseForBruteForceDetection() {
        try {
            Thread.sleep(1_100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
