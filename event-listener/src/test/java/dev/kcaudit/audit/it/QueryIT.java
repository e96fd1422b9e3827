package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcaudit.audit.it.support.Admin;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Sql;
import dev.kcaudit.audit.it.support.Tokens;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/** Filters, sorting, paging, counts, facets and details of GET entries, read back over real HTTP. */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class QueryIT {

    private static final String DEMO = DemoRealmConfig.REALM;

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    private static boolean seeded;
    private String auditor;

    /** Real activity to query: logins, failed logins (known and unknown user) and an admin change. */
    private static synchronized void seed() {
        if (seeded) {
            return;
        }
        seeded = true;
        for (String user : List.of("alice", "bob", "carol", "dave", "acme-admin")) {
            Tokens.demoUser(user);
        }
        Tokens.password(DEMO, "demo-app", "alice", "wrong");
        Tokens.password(DEMO, "demo-app", "nobody", "wrong");
        UserRepresentation user = new UserRepresentation();
        user.setUsername("query-target");
        user.setEnabled(true);
        Admin.demo().users().create(user).close();
    }

    private String auditor() {
        seed();
        if (auditor == null) {
            auditor = Tokens.demoUser("auditor");
        }
        return auditor;
    }

    private List<JsonNode> list(String query) {
        AuditApi.Reply reply = AuditApi.get(DEMO, "entries?max=1000&" + query, auditor());
        assertThat(reply.status()).as(query + " " + reply.body()).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        reply.body().path("entries").forEach(rows::add);
        JsonNode count = AuditApi.get(DEMO, "entries/count?" + query, auditor()).body();
        assertThat(count.path("count").asLong()).as("count of " + query).isEqualTo(rows.size());
        assertThat(count.path("exact").asBoolean()).isTrue();
        return rows;
    }

    private void assertFilter(String query, Predicate<JsonNode> expected) {
        List<JsonNode> all = list("");
        List<JsonNode> filtered = list(query);
        assertThat(filtered).as(query).isNotEmpty();
        assertThat(ids(filtered)).as(query).containsExactlyElementsOf(ids(all.stream().filter(expected).toList()));
    }

    private static List<String> ids(List<JsonNode> rows) {
        return rows.stream().map(r -> r.path("id").asText()).toList();
    }

    @Test
    void everyFilterSelectsExactlyTheMatchingEntriesAndCountAgrees() {
        String aliceId = Admin.demo().users().search("alice", true).get(0).getId();
        String acmeId = Admin.demo().organizations().getAll().stream().filter(o -> o.getAlias().equals("acme"))
                .findFirst().orElseThrow().getId();
        assertFilter("category=users", e -> e.path("category").asText().equals("users"));
        assertFilter("category=users,authentication", e -> Set.of("users", "authentication")
                .contains(e.path("category").asText()));
        assertFilter("action=auth.login.failed", e -> e.path("action").asText().equals("auth.login.failed"));
        assertFilter("resourceType=user", e -> e.path("resource").path("type").asText().equals("user"));
        assertFilter("actor=alice", e -> e.path("actor").path("username").asText().equals("alice"));
        assertFilter("actor=alice@acme.test", e -> e.path("actor").path("username").asText().equals("alice"));
        assertFilter("actor=" + aliceId, e -> e.path("actor").path("id").asText().equals(aliceId));
        // Three values naming one actor match each of its entries in all three columns: each comes once, in order.
        assertThat(ids(list("actor=alice," + aliceId + ",alice@acme.test"))).isNotEmpty()
                .containsExactlyElementsOf(ids(list("actor=alice")));
        // The id alone, exactly, as Keycloak's user=: a username or an e-mail names no actor id.
        assertFilter("actorId=" + aliceId, e -> e.path("actor").path("id").asText().equals(aliceId));
        assertThat(list("actorId=alice")).isEmpty();
        assertThat(list("actorId=alice@acme.test")).isEmpty();
        assertFilter("category=authentication&outcome=failure&actorId=" + aliceId,
                e -> e.path("action").asText().equals("auth.login.failed")
                        && e.path("actor").path("id").asText().equals(aliceId));
        assertFilter("resourceId=" + aliceId, e -> e.path("resource").path("id").asText().equals(aliceId));
        assertFilter("ip=127.0.0.1", e -> e.path("ipAddress").asText().equals("127.0.0.1"));
        assertFilter("ip=127.0.0.0/8", e -> e.path("ipAddress").asText().startsWith("127."));
        assertFilter("organization=" + acmeId, e -> e.path("organizations").findValuesAsText("id").contains(acmeId));
        assertFilter("outcome=failure", e -> e.path("outcome").path("result").asText().equals("failure"));
        assertFilter("source=admin-api", e -> e.path("source").asText().equals("admin-api"));
        assertFilter("q=query-target", e -> e.path("resource").path("name").asText().equals("query-target"));
        assertFilter("q=NOBODY", e -> e.toString().toLowerCase().contains("nobody"));
        assertFilter("category=authentication&outcome=failure&actor=alice",
                e -> e.path("action").asText().equals("auth.login.failed")
                        && e.path("actor").path("username").asText().equals("alice"));
        assertThat(list("ip=10.0.0.0/8")).isEmpty();
        assertThat(list("q=no-such-thing-anywhere")).isEmpty();
        assertThat(list("q=100%25")).isEmpty();
    }

    @Test
    void dateRangeBoundsTheList() {
        long now = System.currentTimeMillis();
        assertThat(list("from=" + (now + 60_000) + "&to=" + (now + 120_000))).isEmpty();
        List<JsonNode> recent = list("from=" + (now - 3_600_000));
        assertThat(recent).isNotEmpty().allMatch(e -> e.path("time").asLong() >= now - 3_600_000);
    }

    @Test
    void everySortKeyOrdersTotallyBothWays() {
        record Key(String name, Function<JsonNode, String> value) { }
        for (Key key : List.of(new Key("actor", e -> e.path("actor").path("username").asText("")),
                new Key("action", e -> e.path("action").asText()), new Key("category", e -> e.path("category").asText()),
                new Key("resourceType", e -> e.path("resource").path("type").asText("")),
                new Key("outcome", e -> e.path("outcome").path("result").asText()))) {
            for (String order : List.of("asc", "desc")) {
                String query = "sort=" + key.name() + "&order=" + order;
                List<JsonNode> rows = list(query);
                Comparator<JsonNode> cmp = Comparator.comparing(key.value());
                assertThat(rows).as(query).isSortedAccordingTo(order.equals("asc") ? cmp : cmp.reversed());
                // Cursors hold each key's sort value (empty where the column is null): small pages, same rows.
                assertThat(pagedIds(query, 7)).as(query + " paged").containsExactlyElementsOf(ids(rows));
                // An IP block's page is read in its own shape (EntryPage): the same order, and pages.
                String inBlock = query + "&ip=127.0.0.0/8";
                List<JsonNode> blockRows = list(inBlock);
                assertThat(blockRows).as(inBlock).isNotEmpty()
                        .isSortedAccordingTo(order.equals("asc") ? cmp : cmp.reversed());
                assertThat(pagedIds(inBlock, 3)).as(inBlock + " paged").containsExactlyElementsOf(ids(blockRows));
            }
        }
        for (String order : List.of("asc", "desc")) {
            String byIp = "sort=ip&order=" + order;  // by the address's key, which the entries do not show
            assertThat(pagedIds(byIp, 7)).as(byIp).containsExactlyElementsOf(ids(list(byIp)));
        }
        List<JsonNode> newest = list("");
        assertThat(newest).isSortedAccordingTo(Comparator.comparing((JsonNode e) -> e.path("time").asLong()).reversed());
        assertThat(list("order=asc")).isSortedAccordingTo(Comparator.comparing((JsonNode e) -> e.path("time").asLong()));
    }

    @Test
    void cursorsPageBothWaysWithoutGapsOrRepeatsWhileEntriesArrive() {
        pageBothWaysWhileEntriesArrive("");
    }

    /** One organization's entries are read through its tags (another query shape): its cursors hold too. */
    @Test
    void cursorsOfOneOrganizationPageBothWaysWithoutGapsOrRepeats() {
        String globex = Admin.demo().organizations().getAll().stream().filter(o -> o.getAlias().equals("globex"))
                .findFirst().orElseThrow().getId();
        for (int i = 0; i < 9; i++) {
            Tokens.demoUser("bob");  // a member of Globex: enough of its entries for several pages
        }
        pageBothWaysWhileEntriesArrive("&organization=" + globex);
    }

    /**
     * An actor is read per column (id, username, e-mail) and merged, an IP block's ids read and sorted before its rows
     * (EntryPage): their cursors and offsets hold too. Bob's logins come from 127.0.0.1, so arrivals match both.
     */
    @Test
    void cursorsAndOffsetsOfAnActorAndOfAnIpBlockPageWithoutGapsOrRepeats() {
        for (int i = 0; i < 5; i++) {
            Tokens.demoUser("bob");
        }
        pageBothWaysWhileEntriesArrive("&actor=bob");
        pageBothWaysWhileEntriesArrive("&ip=127.0.0.0/8");
        pageBothWaysWhileEntriesArrive("&ip=127.0.0.1");
        pageBothWaysWhileEntriesArrive("&actor=bob&ip=127.0.0.1&category=authentication");
        String bobId = Admin.demo().users().search("bob", true).get(0).getId();
        pageBothWaysWhileEntriesArrive("&actorId=" + bobId);
        pageBothWaysWhileEntriesArrive("&actorId=" + bobId + "&category=authentication&outcome=success");
        for (String filter : List.of("actor=bob", "ip=127.0.0.0/8", "actor=BOB&order=asc")) {
            List<String> all = ids(list(filter));
            AuditApi.Reply third = AuditApi.get(DEMO, "entries?max=2&first=2&" + filter, auditor());
            assertThat(ids(toList(third.body().path("entries")))).as(filter).containsExactlyElementsOf(all.subList(2, 4));
        }
    }

    private void pageBothWaysWhileEntriesArrive(String filter) {
        Set<String> before = new LinkedHashSet<>(ids(list(filter)));
        List<String> seen = new ArrayList<>();
        List<JsonNode> pages = new ArrayList<>();
        String cursor = null;
        int arrivals = 0;
        do {
            AuditApi.Reply page = AuditApi.get(DEMO,
                    "entries?max=4" + filter + (cursor == null ? "" : "&cursor=" + cursor), auditor());
            assertThat(page.status()).isEqualTo(200);
            pages.add(page.body());
            page.body().path("entries").forEach(e -> seen.add(e.path("id").asText()));
            if (page.body().hasNonNull("next")) {
                assertThat(page.raw().headers().firstValue("Link").orElseThrow()).contains("rel=\"next\"");
            }
            cursor = page.body().hasNonNull("next") ? page.body().path("next").asText() : null;
            if (pages.size() <= 3) {
                Tokens.demoUser("bob");  // new entries arrive while the first pages are read
                arrivals++;
            }
        } while (cursor != null);
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsExactlyElementsOf(before);

        // Back from the last page to the top through prev: the same rows in the same order, then the entries
        // that arrived meanwhile (newer than every row seen), which a reader going back up now gets to see.
        List<String> backwards = new ArrayList<>();
        JsonNode page = pages.get(pages.size() - 1);
        while (true) {
            List<String> ids = new ArrayList<>();
            page.path("entries").forEach(e -> ids.add(e.path("id").asText()));
            backwards.addAll(0, ids);
            if (!page.hasNonNull("prev")) {
                break;
            }
            page = AuditApi.get(DEMO, "entries?max=4" + filter + "&cursor=" + page.path("prev").asText(),
                    auditor()).body();
        }
        assertThat(backwards).doesNotHaveDuplicates();
        assertThat(backwards.subList(backwards.size() - seen.size(), backwards.size())).containsExactlyElementsOf(seen);
        List<String> arrived = backwards.subList(0, backwards.size() - seen.size());
        assertThat(arrived).hasSize(arrivals).noneMatch(before::contains);
    }

    private List<String> pagedIds(String query, int max) {
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = AuditApi.get(DEMO, "entries?max=" + max + "&" + query
                    + (cursor == null ? "" : "&cursor=" + cursor), auditor()).body();
            page.path("entries").forEach(e -> paged.add(e.path("id").asText()));
            cursor = page.hasNonNull("next") ? page.path("next").asText() : null;
        } while (cursor != null);
        return paged;
    }

    @Test
    void offsetPagesForPageNumbers() {
        List<String> all = ids(list(""));
        AuditApi.Reply second = AuditApi.get(DEMO, "entries?max=2&first=2", auditor());
        assertThat(ids(toList(second.body().path("entries")))).containsExactlyElementsOf(all.subList(2, 4));
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> rows = new ArrayList<>();
        array.forEach(rows::add);
        return rows;
    }

    @Test
    void detailsAndUnknownIds() throws InterruptedException {
        // A page on one index (one category), whose chain columns PostgreSQL reads per row (EntryPage): once the
        // sequencer has linked the entry, the list carries the same place in the chain as the single read.
        JsonNode any = list("category=users").get(0);
        for (int i = 0; i < 50 && any.path("integrity").isNull(); i++) {
            Thread.sleep(200);
            any = list("category=users").get(0);
        }
        assertThat(any.path("integrity").path("seq").asLong()).as(any.toString()).isPositive();
        assertThat(any.path("integrity").path("chainHash").asText()).isNotEmpty();
        AuditApi.Reply one = AuditApi.get(DEMO, "entries/" + any.path("id").asText(), auditor());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().path("integrity")).isEqualTo(any.path("integrity"));
        JsonNode details = ((ObjectNode) one.body().deepCopy()).without("integrity");
        JsonNode listed = ((ObjectNode) any.deepCopy()).without("integrity");
        assertThat(details).isEqualTo(listed);
        AuditApi.Reply missing = AuditApi.get(DEMO, "entries/does-not-exist", auditor());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().path("error").asText()).isEqualTo("not_found");
    }

    @Test
    void facetsListWhatWasRecorded() {
        JsonNode facets = AuditApi.get(DEMO, "facets", auditor()).body();
        assertThat(facets.path("categories").findValuesAsText("id")).contains("authentication", "users");
        assertThat(facets.path("actions").findValuesAsText("id")).contains("auth.login", "auth.login.failed",
                "user.created").doesNotContain("scim.group.deleted");
        assertThat(facets.path("resourceTypes").toString()).contains("user");
        assertThat(facets.path("outcomes").toString()).contains("success", "failure");
        assertThat(facets.path("organizations").findValuesAsText("name")).as(facets.toString())
                .contains("Acme", "Globex");
        assertThat(facets.path("actors").findValuesAsText("username")).contains("alice", "bob", "admin");
        JsonNode typeAhead = AuditApi.get(DEMO, "facets?actor=ali", auditor()).body();
        assertThat(typeAhead.path("actors").findValuesAsText("username")).containsExactly("alice");
    }

    @Test
    void theApiDescribesItself() {
        AuditApi.Reply doc = AuditApi.get(DEMO, "openapi.json", auditor());
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.body().path("openapi").asText()).startsWith("3.");
        assertThat(doc.body().path("paths").has("/entries")).isTrue();
    }

    @Test
    void badInputIsA400NamingTheParameter() {
        for (String[] bad : List.of(new String[] {"category=nope", "category"}, new String[] {"max=5000", "max"},
                new String[] {"from=tomorrow", "from"}, new String[] {"sort=secret", "sort"},
                new String[] {"ip=1.2.3.4/99", "ip"}, new String[] {"cursor=%25%25", "cursor"},
                new String[] {"unknown=1", "unknown"}, new String[] {"max=1&max=2", "max"},
                new String[] {"from=2026-02-01&to=2026-01-01", "to"})) {
            AuditApi.Reply reply = AuditApi.get(DEMO, "entries?" + bad[0], auditor());
            assertThat(reply.status()).as(bad[0]).isEqualTo(400);
            assertThat(reply.body().path("parameter").asText()).as(bad[0]).isEqualTo(bad[1]);
            assertThat(reply.body().path("message").asText()).as(bad[0]).isNotBlank();
        }
        assertThat(AuditApi.get(DEMO, "facets?category=users", auditor()).status()).isEqualTo(400);
        assertThat(AuditApi.get(DEMO, "entries/count?max=3", auditor()).status()).isEqualTo(400);
    }

    /**
     * On PostgreSQL the country and e-mail indexes hold only entries that have one (most entries have no country, and
     * a service account's none has an e-mail), and still serve their filters' statements.
     */
    @Test
    void countryAndEmailIndexesLeaveOutEntriesWithoutOneAndServeTheirFilters() throws Exception {
        Sql.assumePostgres();
        assertFilter("actor=alice@acme.test", e -> e.path("actor").path("username").asText().equals("alice"));
        try (Connection c = Sql.connect(); Statement s = c.createStatement()) {
            for (String[] index : new String[][] {{"idx_audit_entry_country", "country"},
                    {"idx_audit_entry_by_actor_mail", "actor_email"}}) {
                try (ResultSet rs = s.executeQuery("SELECT indexdef FROM pg_indexes WHERE indexname = '" + index[0]
                        + "'")) {
                    assertThat(rs.next()).as(index[0]).isTrue();
                    assertThat(rs.getString(1)).as(index[0]).endsWith("WHERE (" + index[1] + " IS NOT NULL)");
                }
                // The filter's condition: the planner must be able to prove the index's from it (on a table this small
                // only with sequential scans off, and unordered, since ordered the time index would do as well). The
                // realm's own id, with fresh statistics: in a realm the table holds no entry of, every index led by the
                // realm looked as cheap, and the planner took another one when other tests had added entries.
                s.execute("ANALYZE AUDIT_ENTRY");
                s.execute("SET enable_seqscan = off");
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = s.executeQuery("EXPLAIN SELECT ID FROM AUDIT_ENTRY WHERE REALM_ID = '" + demo.getId()
                        + "' AND " + index[1] + " IN ('a', 'b')")) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                assertThat(plan.toString()).as("plan of a %s filter", index[1]).contains(index[0]);
            }
        }
    }

}
