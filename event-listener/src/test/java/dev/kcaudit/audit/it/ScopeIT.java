package dev.kcaudit.audit.it;

import static dev.kcaudit.audit.it.support.KeycloakVersion.Feature.ORGANIZATION_GROUPS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.Admin;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.PlainRealmConfig;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.RequiresKeycloak;
import dev.kcaudit.audit.it.support.Rest;
import dev.kcaudit.audit.it.support.Streams;
import dev.kcaudit.audit.it.support.Tokens;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Who sees what, on every read endpoint: the exact set of entries each kind of caller gets, and the 401/403s.
 * Org admins see exactly the entries tagged with their organization, whatever parameters they send.
 */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class ScopeIT {

    private static final String DEMO = DemoRealmConfig.REALM;
    private static boolean seeded;

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    @InjectRealm(ref = "plain", config = PlainRealmConfig.class)
    ManagedRealm plain;

    private static synchronized void seed() {
        if (seeded) {
            return;
        }
        seeded = true;
        for (String user : List.of("alice", "bob", "carol", "dave")) {
            Tokens.demoUser(user);
        }
        Tokens.password(DEMO, "demo-app", "bob", "wrong");
        ClientRepresentation noRoles = new ClientRepresentation();
        noRoles.setClientId("no-roles");
        noRoles.setSecret("no-roles-secret");
        noRoles.setPublicClient(false);
        noRoles.setServiceAccountsEnabled(true);
        Admin.demo().clients().create(noRoles).close();
        // An admin of another realm: view-events there, nothing here.
        String paulaId = Admin.master().realm(PlainRealmConfig.REALM).users().search("paula", true).get(0).getId();
        var realmManagement = Admin.master().realm(PlainRealmConfig.REALM).clients().findByClientId("realm-management").get(0);
        var viewEvents = Admin.master().realm(PlainRealmConfig.REALM).clients().get(realmManagement.getId()).roles()
                .get("view-events").toRepresentation();
        Admin.master().realm(PlainRealmConfig.REALM).users().get(paulaId).roles().clientLevel(realmManagement.getId())
                .add(List.of(viewEvents));
    }

    private static String orgId(String alias) {
        return Admin.demo().organizations().getAll().stream().filter(o -> o.getAlias().equals(alias))
                .map(OrganizationRepresentation::getId).findFirst().orElseThrow();
    }

    /** A team of the organization: its top-level group of that name. */
    static String teamId(String orgId, String name) {
        return Rest.admin("GET", DEMO + "/organizations/" + orgId + "/groups?search=" + name + "&exact=true",
                Tokens.masterAdmin(), null).body().findValuesAsText("id").get(0);
    }

    private static List<JsonNode> entries(String token, String query) {
        AuditApi.Reply reply = AuditApi.get(DEMO, "entries?max=1000&" + query, token);
        assertThat(reply.status()).as(query + " " + reply.body()).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        reply.body().path("entries").forEach(rows::add);
        return rows;
    }

    private static Set<String> ids(List<JsonNode> rows) {
        return Set.copyOf(rows.stream().map(r -> r.path("id").asText()).toList());
    }

    private static Predicate<JsonNode> taggedWith(String orgId) {
        return e -> e.path("organizations").findValuesAsText("id").contains(orgId);
    }

    /** Every read endpoint ({id}: an entry or job id). */
    private static final List<String> READ_PATHS = List.of("entries", "entries/count", "entries/histogram", "entries/{id}", "facets",
            "config",
            "export?format=json", "exports", "exports/{id}", "exports/{id}/download", "feed", "verify");

    /** Callers who may read nothing, and what each endpoint answers them. */
    private static Map<String, String> outsiders() {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("carol (member of both organizations, no admin rights)", Tokens.demoUser("carol"));
        tokens.put("dave (plain user)", Tokens.demoUser("dave"));
        tokens.put("paula (admin of another realm)", Tokens.password(PlainRealmConfig.REALM, "plain-app", "paula",
                "paula-pw").accessToken());
        tokens.put("service account without roles",
                Tokens.clientCredentials(DEMO, "no-roles", "no-roles-secret").accessToken());
        return tokens;
    }

    @Test
    void realmAuditorsSeeTheWholeRealmThroughEitherRole() {
        seed();
        Set<String> byViewEvents = ids(entries(Tokens.demoUser("auditor"), "outcome=failure"));
        Set<String> byAuditorRole = ids(entries(
                Tokens.clientCredentials(DEMO, "siem-reader", "siem-demo-secret").accessToken(), "outcome=failure"));
        assertThat(byViewEvents).isNotEmpty().isEqualTo(byAuditorRole);
        assertThat(ids(entries(Tokens.masterAdmin(), "outcome=failure"))).isEqualTo(byViewEvents);
    }

    @Test
    void organizationAdminsSeeExactlyTheirOrganizationsEntries() {
        seed();
        String acme = orgId("acme");
        String globex = orgId("globex");
        String acmeAdmin = Tokens.demoUser("acme-admin");
        String globexAdmin = Tokens.demoUser("globex-admin");
        String auditor = Tokens.demoUser("auditor");
        List<JsonNode> all = entries(auditor, "");

        Set<String> acmeSees = ids(entries(acmeAdmin, ""));
        assertThat(acmeSees).isNotEmpty().isEqualTo(ids(all.stream().filter(taggedWith(acme)).toList()));
        Set<String> globexSees = ids(entries(globexAdmin, ""));
        assertThat(globexSees).isNotEmpty().allMatch(id -> all.stream().anyMatch(e -> e.path("id").asText().equals(id)
                && taggedWith(globex).test(e)));

        // No parameter widens the scope.
        assertThat(entries(acmeAdmin, "organization=" + globex).stream()).allMatch(taggedWith(acme));
        assertThat(entries(acmeAdmin, "actor=bob").stream()).allMatch(taggedWith(acme));
        assertThat(entries(acmeAdmin, "q=globex").stream()).allMatch(taggedWith(acme));
        assertThat(entries(acmeAdmin, "sort=actor&order=asc").stream()).allMatch(taggedWith(acme));
        String bobOnly = all.stream().filter(taggedWith(globex).and(taggedWith(acme).negate())).findFirst()
                .orElseThrow().path("id").asText();
        assertThat(entries(acmeAdmin, "resourceId=" + bobOnly)).isEmpty();
        assertThat(AuditApi.get(DEMO, "entries/" + bobOnly, acmeAdmin).status()).isEqualTo(404);
        assertThat(AuditApi.get(DEMO, "entries/" + bobOnly, globexAdmin).status()).isEqualTo(200);
        assertThat(AuditApi.get(DEMO, "entries/count", acmeAdmin).body().path("count").asLong())
                .isEqualTo(acmeSees.size());
    }

    /**
     * The histogram counts exactly the entries the same caller lists with the same filters, bar by bar and outcome by
     * outcome: the whole realm for an auditor, only Acme's for Acme's admin, whatever they ask for.
     */
    @Test
    void histogramsCountExactlyTheEntriesEachCallerSees() {
        seed();
        String auditor = Tokens.demoUser("auditor");
        String acmeAdmin = Tokens.demoUser("acme-admin");
        String acme = orgId("acme");
        for (String query : List.of("", "outcome=failure", "actor=bob", "category=authentication")) {
            sameAsTheList(auditor, query, null);
            sameAsTheList(acmeAdmin, query, acme);
        }
        sameAsTheList(acmeAdmin, "organization=" + orgId("globex"), acme);
        // A day in Berlin's time: the bars are local days, and the counts still add up.
        long listedBefore = entries(auditor, "").size();
        JsonNode days = AuditApi.get(DEMO, "entries/histogram?interval=day&zone=Europe/Berlin", auditor).body();
        long listedAfter = entries(auditor, "").size();
        assertThat(days.path("interval").asText()).isEqualTo("day");
        assertThat(days.path("zone").asText()).isEqualTo("Europe/Berlin");
        assertThat(days.path("bars").size()).isBetween(7, 9);
        assertThat(days.path("total").asLong()).as("the list's count before or after").isBetween(listedBefore,
                listedAfter);

        AuditApi.Reply week = AuditApi.get(DEMO, "entries/histogram?interval=week", auditor);
        assertThat(week.status()).isEqualTo(400);
        assertThat(week.body().path("parameter").asText()).isEqualTo("interval");
        AuditApi.Reply moon = AuditApi.get(DEMO, "entries/histogram?zone=Moon/Base", auditor);
        assertThat(moon.status()).isEqualTo(400);
        assertThat(moon.body().path("parameter").asText()).isEqualTo("zone");
        AuditApi.Reply paged = AuditApi.get(DEMO, "entries/histogram?max=5", auditor);
        assertThat(paged.status()).isEqualTo(400);
        assertThat(paged.body().path("parameter").asText()).isEqualTo("max");
    }

    private static void sameAsTheList(String token, String query, String onlyOrganization) {
        // The log may still grow (a signal the seed's failed logins raise is written by the sequencing pass, after the
        // logins): the histogram is compared with a list read both before and after it, unchanged in between.
        List<JsonNode> rows = entries(token, query);
        JsonNode histogram = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            AuditApi.Reply reply = AuditApi.get(DEMO, "entries/histogram?interval=hour&" + query, token);
            assertThat(reply.status()).as(query + " " + reply.body()).isEqualTo(200);
            List<JsonNode> after = entries(token, query);
            if (ids(after).equals(ids(rows))) {
                histogram = reply.body();
                break;
            }
            rows = after;
        }
        assertThat(histogram).as(query + ": the log kept growing").isNotNull();
        if (onlyOrganization != null) {
            assertThat(rows).allMatch(taggedWith(onlyOrganization));
        }
        Map<Long, long[]> expected = new LinkedHashMap<>();
        List<JsonNode> bars = new ArrayList<>();
        histogram.path("bars").forEach(bars::add);
        for (JsonNode row : rows) {
            long time = row.path("time").asLong();
            JsonNode bar = bars.stream().filter(b -> b.path("start").asLong() <= time && time < b.path("end").asLong())
                    .findFirst().orElseThrow(() -> new AssertionError("no bar holds " + row));
            long[] counts = expected.computeIfAbsent(bar.path("start").asLong(), start -> new long[2]);
            counts[row.path("outcome").path("result").asText().equals("failure") ? 1 : 0]++;
        }
        for (JsonNode bar : bars) {
            long[] counts = expected.getOrDefault(bar.path("start").asLong(), new long[2]);
            assertThat(new long[] {bar.path("success").asLong(), bar.path("failure").asLong()})
                    .as(query + " bar " + bar).containsExactly(counts);
        }
        assertThat(histogram.path("total").asLong()).as(query).isEqualTo(rows.size());
    }

    @Test
    void meTellsEachCallerWhatTheyMayDo() {
        seed();
        JsonNode auditor = AuditApi.get(DEMO, "me", Tokens.demoUser("auditor")).body();
        assertThat(auditor.path("realmWide").asBoolean()).isTrue();
        assertThat(auditor.path("verify").asBoolean()).isTrue();
        assertThat(auditor.path("readSettings").asBoolean()).isTrue();
        assertThat(auditor.path("editSettings").asBoolean()).as("view-events only").isFalse();
        assertThat(auditor.path("organizations").size()).isZero();

        JsonNode acmeAdmin = AuditApi.get(DEMO, "me", Tokens.demoUser("acme-admin")).body();
        assertThat(acmeAdmin.path("username").asText()).isEqualTo("acme-admin");
        assertThat(acmeAdmin.path("realmWide").asBoolean()).isFalse();
        assertThat(acmeAdmin.path("verify").asBoolean()).isFalse();
        assertThat(acmeAdmin.path("readSettings").asBoolean()).isFalse();
        assertThat(acmeAdmin.path("organizations").findValuesAsText("id")).containsExactly(orgId("acme"));
        assertThat(acmeAdmin.path("organizations").findValuesAsText("name")).containsExactly("Acme");

        assertThat(AuditApi.get(DEMO, "me", Tokens.demoUser("carol")).status()).isEqualTo(403);
        assertThat(AuditApi.get(DEMO, "me", Tokens.demoUser("dave")).status()).isEqualTo(403);
        assertThat(AuditApi.get(DEMO, "me?x=1", Tokens.demoUser("auditor")).status()).isEqualTo(400);
    }

    @Test
    void facetsOfAnOrganizationAdminOnlyShowTheirOrganization() {
        seed();
        JsonNode facets = AuditApi.get(DEMO, "facets", Tokens.demoUser("acme-admin")).body();
        assertThat(facets.path("organizations").findValuesAsText("name")).containsExactly("Acme");
        assertThat(facets.path("actors").findValuesAsText("username")).doesNotContain("bob", "dave", "auditor");
        JsonNode all = AuditApi.get(DEMO, "facets", Tokens.demoUser("auditor")).body();
        assertThat(all.path("organizations").findValuesAsText("name")).contains("Acme", "Globex");
    }

    @Test
    void cursorsOfAnotherCallerOrRealmDoNotWidenScope() {
        seed();
        JsonNode auditorPage = AuditApi.get(DEMO, "entries?max=2", Tokens.demoUser("auditor")).body();
        String cursor = auditorPage.path("next").asText();
        String acme = orgId("acme");
        AuditApi.Reply replayed = AuditApi.get(DEMO, "entries?max=2&cursor=" + cursor, Tokens.demoUser("acme-admin"));
        if (replayed.status() == 200) {
            replayed.body().path("entries").forEach(e -> assertThat(taggedWith(acme).test(e)).isTrue());
        } else {
            assertThat(replayed.status()).isEqualTo(400);
        }
        AuditApi.Reply crossRealm = AuditApi.get(PlainRealmConfig.REALM, "entries?cursor=" + cursor,
                Tokens.masterAdmin());
        assertThat(crossRealm.status()).isEqualTo(400);
        assertThat(crossRealm.body().path("parameter").asText()).isEqualTo("cursor");
    }

    /** The export, the export jobs and the feed give an organization admin exactly the entries list gives. */
    @Test
    void exportsJobsAndTheFeedKeepToTheSameScope() throws Exception {
        seed();
        String acme = orgId("acme");
        String globex = orgId("globex");
        String acmeAdmin = Tokens.demoUser("acme-admin");
        String auditor = Tokens.demoUser("auditor");
        String since = java.time.Instant.now().minusSeconds(3_600).toString();
        List<JsonNode> all = entries(auditor, "from=" + since);
        Set<String> acmeExpected = ids(all.stream().filter(taggedWith(acme)).toList());
        assertThat(acmeExpected).isNotEmpty();

        for (String query : List.of("", "&organization=" + globex, "&q=globex", "&actor=bob")) {
            Set<String> exported = new java.util.HashSet<>();
            for (String line : AuditApi.get(DEMO, "export?format=json&from=" + since + query, acmeAdmin).raw().body()
                    .split("\n")) {
                if (!line.isBlank()) {
                    exported.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).path("id").asText());
                }
            }
            Set<String> listed = ids(entries(acmeAdmin, "from=" + since + query));
            assertThat(exported).as("export " + query).isEqualTo(listed).isSubsetOf(acmeExpected);
            if (query.isEmpty()) {
                assertThat(exported).isEqualTo(acmeExpected);
            }
        }

        Set<String> fed = new java.util.HashSet<>();
        AuditApi.get(DEMO, "feed?limit=1000&since=" + since, acmeAdmin).body().path("entries").forEach(e -> {
            assertThat(taggedWith(acme).test(e)).as("fed to acme's admin: " + e).isTrue();
            fed.add(e.path("id").asText());
        });
        // The feed may also hold entries written after the list was read, all of them in acme's scope.
        assertThat(fed).containsAll(acmeExpected);

        String auditorCursor = AuditApi.get(DEMO, "feed?limit=1&since=" + since, auditor).body().path("next").asText();
        AuditApi.get(DEMO, "feed?limit=1000&after=" + auditorCursor, acmeAdmin).body().path("entries")
                .forEach(e -> assertThat(taggedWith(acme).test(e)).as("replayed cursor").isTrue());

        AuditApi.Reply job = AuditApi.post(DEMO, "exports", auditor, "{\"format\":\"json\"}");
        String jobId = job.body().path("id").asText();
        assertThat(AuditApi.get(DEMO, "exports/" + jobId, acmeAdmin).status()).isEqualTo(404);
        assertThat(AuditApi.bytes(DEMO, "exports/" + jobId + "/download", acmeAdmin).statusCode()).isEqualTo(404);
        assertThat(AuditApi.delete(DEMO, "exports/" + jobId, acmeAdmin).status()).isEqualTo(404);
        assertThat(AuditApi.get(DEMO, "exports?all=true", acmeAdmin).status()).isEqualTo(400);
    }

    /**
     * A team admin ({@code platform-lead}: in the {@code audit-admins} subgroup of Acme's team Platform) sees exactly
     * the entries tagged with Platform, each showing only Acme and Platform, whatever they ask for; organization-wide
     * entries and other teams' are 404s. Acme's admin and the realm auditor see those entries too and filter by team.
     */
    @Test
    @RequiresKeycloak(ORGANIZATION_GROUPS)
    void teamAdminsSeeExactlyTheirTeamsEntries() throws Exception {
        seed();
        String acme = orgId("acme");
        String globex = orgId("globex");
        String platform = teamId(acme, "Platform");
        Tokens.demoUser("platform-lead");
        // carol (Acme, no team) and an organization-wide change: Acme's entries that are no team's.
        Rest.Reply org = Rest.admin("GET", DEMO + "/organizations/" + acme, Tokens.masterAdmin(), null);
        ((com.fasterxml.jackson.databind.node.ObjectNode) org.body()).put("description", "Acme " + System.nanoTime());
        assertThat(Rest.admin("PUT", DEMO + "/organizations/" + acme, Tokens.masterAdmin(), org.body().toString())
                .status()).isEqualTo(204);
        String lead = Tokens.demoUser("platform-lead");
        String auditor = Tokens.demoUser("auditor");
        String since = java.time.Instant.now().minusSeconds(3_600).toString();
        List<JsonNode> all = entries(auditor, "from=" + since);
        Set<String> expected = ids(all.stream().filter(taggedWith(platform)).toList());
        JsonNode aliceLogin = all.stream().filter(e -> e.path("action").asText().equals("auth.login")
                && "alice".equals(e.path("actor").path("username").asText())).findFirst().orElseThrow();
        assertThat(expected).contains(aliceLogin.path("id").asText());

        Set<String> seen = ids(entries(lead, "from=" + since));
        assertThat(seen).isEqualTo(expected);
        for (JsonNode e : entries(lead, "from=" + since)) {
            assertThat(e.path("organizations")).as("what a team admin reads of " + e.path("id")).hasSize(1);
            assertThat(e.path("organizations").get(0).path("id").asText()).isEqualTo(acme);
            assertThat(e.path("organizations").get(0).path("teams").findValuesAsText("id")).containsExactly(platform);
            assertThat(e.path("integrity").hasNonNull("seq")).as("no place in the realm-wide chain").isFalse();
        }
        // No parameter widens the scope.
        for (String query : List.of("organization=" + acme, "organization=" + globex, "team=" + acme, "actor=carol",
                "actor=bob", "q=globex", "sort=actor&order=asc")) {
            assertThat(entries(lead, "from=" + since + "&" + query).stream()).as(query).allMatch(taggedWith(platform));
        }
        JsonNode orgWide = all.stream().filter(e -> e.path("action").asText().equals("org.updated"))
                .findFirst().orElseThrow();
        JsonNode carolOnly = all.stream().filter(e -> "carol".equals(e.path("actor").path("username").asText()))
                .findFirst().orElseThrow();
        for (JsonNode outside : List.of(orgWide, carolOnly)) {
            assertThat(taggedWith(acme).test(outside)).isTrue();
            assertThat(AuditApi.get(DEMO, "entries/" + outside.path("id").asText(), lead).status()).isEqualTo(404);
            assertThat(AuditApi.get(DEMO, "entries/" + outside.path("id").asText(), Tokens.demoUser("acme-admin"))
                    .status()).isEqualTo(200);
        }
        assertThat(AuditApi.get(DEMO, "entries/" + aliceLogin.path("id").asText(), lead).status()).isEqualTo(200);
        assertThat(AuditApi.get(DEMO, "entries/count?from=" + since, lead).body().path("count").asLong())
                .isEqualTo(expected.size());
        assertThat(AuditApi.get(DEMO, "entries/histogram?from=" + since, lead).body().path("total").asLong())
                .isEqualTo(expected.size());
        AuditApi.get(DEMO, "feed?limit=1000&since=" + since, lead).body().path("entries")
                .forEach(e -> assertThat(taggedWith(platform).test(e)).as("fed to the team admin: " + e).isTrue());

        Set<String> exported = new java.util.HashSet<>();
        for (String line : AuditApi.get(DEMO, "export?format=json&from=" + since, lead).raw().body().split("\n")) {
            if (!line.isBlank()) {
                JsonNode e = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
                assertThat(taggedWith(platform).test(e)).as("exported to the team admin: " + line).isTrue();
                exported.add(e.path("id").asText());
            }
        }
        assertThat(exported).containsAll(seen);
        // A team admin's stream is scoped to the team, and its own entries are the team's.
        AuditApi.Reply stream = Streams.create(lead, "{\"name\":\"team-" + System.nanoTime()
                + "\",\"type\":\"webhook\",\"url\":\"https://example.test/in\",\"paused\":true}");
        assertThat(stream.status()).as(String.valueOf(stream.body())).isEqualTo(201);
        String streamId = stream.body().path("id").asText();
        assertThat(stream.body().path("organizations").toString()).contains(platform);
        JsonNode streamCreated = AuditApi.newest(DEMO, lead, e -> streamId.equals(e.path("resource").path("id").asText()));
        assertThat(taggedWith(platform).test(streamCreated)).isTrue();
        assertThat(AuditApi.get(DEMO, "streams", Tokens.demoUser("acme-admin")).raw().body()).contains(streamId);
        assertThat(AuditApi.get(DEMO, "streams", Tokens.demoUser("globex-admin")).raw().body())
                .doesNotContain(streamId);
        // Acme's admin may edit it; the stream stays the team's (not widened to Acme), so its creator still sees it.
        AuditApi.Reply renamed = AuditApi.send("PUT", DEMO, "streams/" + streamId, Tokens.demoUser("acme-admin"),
                "{\"name\":\"renamed-by-acme\",\"type\":\"webhook\",\"url\":\"https://example.test/in\"}");
        assertThat(renamed.status()).as(String.valueOf(renamed.body())).isEqualTo(200);
        assertThat(renamed.body().path("organizations").toString()).contains(platform).doesNotContain(acme);
        assertThat(Streams.get(lead, streamId).path("name").asText()).isEqualTo("renamed-by-acme");
        Streams.delete(lead, streamId);

        JsonNode me = AuditApi.get(DEMO, "me", lead).body();
        assertThat(me.path("realmWide").asBoolean()).isFalse();
        assertThat(me.path("organizations").findValuesAsText("id")).containsExactly(acme, platform);
        assertThat(me.path("organizations").get(0).path("teams").findValuesAsText("name")).containsExactly("Platform");
        JsonNode facets = AuditApi.get(DEMO, "facets", lead).body();
        assertThat(facets.path("teams").findValuesAsText("id")).containsExactly(platform);
        assertThat(facets.path("organizations").size()).isZero();
        assertThat(facets.path("actors").findValuesAsText("username")).doesNotContain("bob", "carol", "auditor");
        assertThat(AuditApi.get(DEMO, "verify", lead).status()).isEqualTo(403);
        assertThat(AuditApi.get(DEMO, "config", lead).status()).isEqualTo(403);

        // The organization's admin and the realm auditor see the team's entries (by now also the stream's) and filter
        // by team.
        String acmeAdmin = Tokens.demoUser("acme-admin");
        Set<String> teamNow = ids(entries(auditor, "from=" + since).stream().filter(taggedWith(platform)).toList());
        assertThat(teamNow).containsAll(expected).contains(streamCreated.path("id").asText());
        assertThat(ids(entries(acmeAdmin, "from=" + since))).containsAll(teamNow);
        assertThat(ids(entries(acmeAdmin, "from=" + since + "&team=" + platform))).isEqualTo(teamNow);
        assertThat(ids(entries(auditor, "from=" + since + "&team=" + platform))).isEqualTo(teamNow);
        assertThat(entries(Tokens.demoUser("globex-admin"), "from=" + since + "&team=" + platform)).isEmpty();
        // The feed and the exports filter by team too, and name the team.
        Set<String> fedTeam = new java.util.HashSet<>();
        AuditApi.get(DEMO, "feed?limit=1000&since=" + since + "&team=" + platform, auditor).body().path("entries")
                .forEach(e -> {
                    assertThat(taggedWith(platform).test(e)).as("fed for team=: " + e).isTrue();
                    fedTeam.add(e.path("id").asText());
                });
        assertThat(fedTeam).containsAll(teamNow);
        List<CSVRecord> csv = CSVFormat.RFC4180.builder().setHeader()
                .setSkipHeaderRecord(true).get().parse(new java.io.StringReader(AuditApi.get(DEMO,
                        "export?format=csv&from=" + since + "&team=" + platform, auditor).raw().body())).getRecords();
        assertThat(csv).hasSize(teamNow.size());
        assertThat(csv).allSatisfy(r -> assertThat(r.get("Team(s)")).isEqualTo("Platform"));
        assertThat(AuditApi.get(DEMO, "facets", acmeAdmin).body().path("teams").findValuesAsText("name"))
                .contains("Platform");
        assertThat(AuditApi.get(DEMO, "facets", Tokens.demoUser("globex-admin")).body().path("teams").size())
                .isZero();
    }

    @Test
    void everyoneElseIsRefusedOnEveryEndpoint() {
        seed();
        String anyId = entries(Tokens.demoUser("auditor"), "").get(0).path("id").asText();
        for (Map.Entry<String, String> caller : outsiders().entrySet()) {
            for (String path : READ_PATHS) {
                AuditApi.Reply reply = AuditApi.get(DEMO, path.replace("{id}", anyId), caller.getValue());
                assertThat(reply.status()).as(caller.getKey() + " GET " + path).isEqualTo(403);
                assertThat(reply.raw().body()).as(caller.getKey() + " " + path).doesNotContain(anyId, "auth.login");
            }
        }
        for (String path : READ_PATHS) {
            assertThat(AuditApi.get(DEMO, path.replace("{id}", anyId), null).status()).as("anonymous " + path)
                    .isEqualTo(401);
        }
        for (Map.Entry<String, String> caller : outsiders().entrySet()) {
            assertThat(AuditApi.post(DEMO, "exports", caller.getValue(), "{}").status()).as(caller.getKey())
                    .isEqualTo(403);
            assertThat(AuditApi.delete(DEMO, "exports/" + anyId, caller.getValue()).status()).as(caller.getKey())
                    .isEqualTo(403);
        }
        assertThat(AuditApi.get(DEMO, "verify", Tokens.demoUser("acme-admin")).status()).isEqualTo(403);
        assertThat(AuditApi.get(DEMO, "config", Tokens.demoUser("acme-admin")).status()).isEqualTo(403);
        assertThat(AuditApi.put(DEMO, "config", Tokens.demoUser("acme-admin"), "{}").status()).isEqualTo(403);
    }
}
