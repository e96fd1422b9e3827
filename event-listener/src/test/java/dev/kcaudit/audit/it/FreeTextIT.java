package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.PlantedEntry;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Sql;
import dev.kcaudit.audit.it.support.Tokens;
import dev.kcaudit.audit.store.jpa.DerivedColumns;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Free text on PostgreSQL past the walk: the day-keyed trigram index (docs/query.md). The test server walks only two
 * entries ({@code text-walk-entries}), so every page here reads windows of days from the index; the pages must be
 * exactly what the walk would have given.
 */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class FreeTextIT {

    private static final String DEMO = DemoRealmConfig.REALM;
    private static final long DAY = 86_400_000L;

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    /** Planted entries: (id, time, resource name), newest first. */
    private record Planted(String id, long time, String name) {
    }

    @Test
    void theDayKeyedIndexReplacesTheTrigramIndexAndServesTheDaysPredicate() throws Exception {
        Sql.assumePostgres();
        assertThat(Sql.query("SELECT indexname FROM pg_indexes WHERE indexname IN"
                + " ('idx_audit_entry_text_day', 'idx_audit_entry_search')")).extracting(r -> r.get(0))
                .containsExactly("idx_audit_entry_text_day");
        try (Connection c = Sql.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT array_to_string(AUDIT_RUN_KEYS(20000, 'user12'), ',')")) {
                rs.next();
                assertThat(rs.getString(1)).as("the run's trigrams without the padded ones")
                        .isEqualTo("20000:er1,20000:r12,20000:ser,20000:use");
            }
            // The predicate the read names is inlined into the indexed expression, or no index could serve it.
            s.execute("SET enable_seqscan = off");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = s.executeQuery("EXPLAIN SELECT ID FROM AUDIT_ENTRY"
                    + " WHERE AUDIT_TEXT_IN_DAY(EVENT_TIME, SEARCH_TEXT, 20000, 'user12') = true")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            assertThat(plan.toString()).contains("idx_audit_entry_text_day");
        }
    }

    @Test
    void pagesPastTheWalkAreTheWalksPagesOverManyDaysBothWays() {
        // Every database: elsewhere the same pages come from the walk.
        Sql.assumeReachable();
        // Entries over 20 days, some days without a match, several matches on others; each time its own.
        long now = System.currentTimeMillis();
        List<Planted> planted = new ArrayList<>();
        int[] daysBack = {0, 0, 0, 1, 3, 3, 4, 7, 8, 8, 8, 12, 15, 19, 19, 20};
        for (int i = 0; i < daysBack.length; i++) {
            long time = now - daysBack[i] * DAY - (i + 1) * 60_000L;
            String name = i % 3 == 1 ? "other-" + i : (i % 2 == 0 ? "zqxmarker-even-" + i : "zqxmarker-odd-" + i);
            planted.add(new Planted(plant(time, name), time, name));
        }
        planted.sort(Comparator.comparingLong(Planted::time).reversed());
        String token = Tokens.demoUser("auditor");
        String month = "&from=" + (now - 30 * DAY);  // the list shows the last 7 days unless asked

        assertPages("q=zqxmarker" + month, p -> p.name().contains("zqxmarker"), planted, token);
        assertPages("q=qxmarke" + month, p -> p.name().contains("qxmarke"), planted, token);
        assertPages("q=zqxmarker-odd" + month, p -> p.name().contains("zqxmarker-odd"), planted, token);
        assertPages("q=zqxmarker%20even" + month, p -> p.name().contains("zqxmarker") && p.name().contains("even"),
                planted, token);
        // Within a date range that starts and ends inside days.
        long from = now - 8 * DAY - 30 * 60_000L;
        long to = now - 2 * DAY;
        assertPages("q=zqxmarker&from=" + from + "&to=" + to,
                p -> p.name().contains("zqxmarker") && p.time() >= from && p.time() <= to, planted, token);
        assertThat(ids("q=zqxmarker-none" + month, token, "desc")).isEmpty();
        // A range holding fewer entries than the walk, with matches on both sides of it: only its own come back.
        Planted lone = planted.stream().filter(p -> p.name().equals("zqxmarker-even-12")).findFirst().orElseThrow();
        String narrow = "q=zqxmarker&from=" + (lone.time() - 1_000) + "&to=" + (lone.time() + 1_000);
        assertThat(ids(narrow, token, "desc")).as(narrow).containsExactly(lone.id());
        assertThat(ids(narrow, token, "asc")).as(narrow + " oldest first").containsExactly(lone.id());
    }

    /** Pages of two, newest first and oldest first, and back through prev: the planted entries that match, in order. */
    private void assertPages(String query, Predicate<Planted> matches, List<Planted> planted, String token) {
        List<String> expected = planted.stream().filter(matches).map(Planted::id).toList();
        assertThat(expected).as(query).hasSizeGreaterThan(2);
        assertThat(ids(query, token, "desc")).as(query).containsExactlyElementsOf(expected);
        assertThat(ids(query, token, "asc")).as(query + " oldest first")
                .containsExactlyElementsOf(reversed(expected));
        // From the last page back to the first.
        JsonNode page = AuditApi.get(DEMO, "entries?max=2&" + query, token).body();
        while (page.hasNonNull("next")) {
            page = AuditApi.get(DEMO, "entries?max=2&" + query + "&cursor=" + page.path("next").asText(), token).body();
        }
        List<String> back = new ArrayList<>();
        while (true) {
            List<String> ids = new ArrayList<>();
            page.path("entries").forEach(e -> ids.add(e.path("id").asText()));
            back.addAll(0, ids);
            if (!page.hasNonNull("prev")) {
                break;
            }
            page = AuditApi.get(DEMO, "entries?max=2&" + query + "&cursor=" + page.path("prev").asText(), token).body();
        }
        assertThat(back).as(query + " back through prev").containsExactlyElementsOf(expected);
    }

    private static List<String> reversed(List<String> ids) {
        List<String> copy = new ArrayList<>(ids);
        Collections.reverse(copy);
        return copy;
    }

    private static List<String> ids(String query, String token, String order) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            AuditApi.Reply reply = AuditApi.get(DEMO, "entries?max=2&order=" + order + "&" + query
                    + (cursor == null ? "" : "&cursor=" + cursor), token);
            assertThat(reply.status()).as(query + " " + reply.body()).isEqualTo(200);
            reply.body().path("entries").forEach(e -> ids.add(e.path("id").asText()));
            cursor = reply.body().hasNonNull("next") ? reply.body().path("next").asText() : null;
        } while (cursor != null);
        return ids;
    }

    /** An entry as capture writes it, with its chain row to be numbered: an update of a resource with this name. */
    private String plant(long time, String name) {
        AuditEntryEntity row = PlantedEntry.userUpdate(demo.getId(), time);
        String id = row.getId();
        row.setActorType("system");
        row.setResourceType("user");
        row.setResourceId(id);
        row.setResourceName(name);
        Sql.update("INSERT INTO AUDIT_ENTRY (ID, REALM_ID, EVENT_TIME, CATEGORY, ACTION, OUTCOME, ACTOR_TYPE, SOURCE,"
                        + " RESOURCE_TYPE, RESOURCE_ID, RESOURCE_NAME, ORGANIZATIONS_JSON, SEARCH_TEXT)"
                        + " VALUES (?, ?, ?, 'users', 'user.updated', 'success', 'system', 'admin-api', 'user', ?, ?,"
                        + " '[]', ?)",
                id, demo.getId(), time, id, name, DerivedColumns.of(row).searchText());
        Sql.update("INSERT INTO AUDIT_ENTRY_CHAIN (ENTRY_ID, REALM_ID) VALUES (?, ?)", id, demo.getId());
        return id;
    }
}
