package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.Admin;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.KeycloakVersion;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Sql;
import dev.kcaudit.audit.it.support.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * The histogram rollup (docs/query.md, Histogram): a chart the rollup answers (time, category, outcome, one scope)
 * has exactly the bars the same chart grouped from the entries has, for the realm, an organization and a team, with
 * entries not numbered yet and ranges that start and end inside an hour; and again after the rollup is rebuilt.
 */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class HistogramRollupIT {

    private static final String DEMO = DemoRealmConfig.REALM;
    /** Every source: the same entries, but a filter the rollup does not answer, so these charts group the entries. */
    private static final String EVERY_SOURCE = "&source=login,admin-api,scim,account,system";

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    @Test
    void theRollupDrawsTheChartTheEntriesDraw() throws Exception {
        Sql.assumeReachable(); // reads the lock row and rebuilds through the database: PostgreSQL and MariaDB
        awaitRollupReady();
        long from = System.currentTimeMillis() - 2 * 86_400_000L + 17 * 60_000L; // inside an hour
        for (String user : List.of("alice", "bob", "carol")) {
            assertThat(Tokens.password(DEMO, "demo-app", user, DemoRealmConfig.PASSWORD).status()).isEqualTo(200);
            Tokens.password(DEMO, "demo-app", user, "wrong");
        }
        GroupRepresentation group = new GroupRepresentation();
        group.setName("rollup-" + System.nanoTime());
        Admin.demo().groups().add(group).close();
        // Entries after `to` do not count: background work cannot change what the two charts compare.
        long to = System.currentTimeMillis();
        List<String> views = views(from, to);
        Map<String, String> readers = readers();
        // Some of these entries may not be numbered yet: the chart adds them to the rollup's rows.
        List<String> first = charts(views, readers, "");
        assertThat(first).isEqualTo(charts(views, readers, EVERY_SOURCE));
        assertThat(first).anyMatch(c -> c.contains("\"failure\":") && !c.contains("\"failure\":0,"));

        // Once the sequencer has numbered them all, the rollup alone holds them and draws the same charts.
        awaitNumberedBefore(to);
        assertThat(Sql.query("SELECT COUNT(*) FROM AUDIT_HISTOGRAM WHERE REALM_ID = ?", demo.getId()).get(0).get(0))
                .as("the rollup has rows for the realm").isNotEqualTo(0L);
        assertThat(charts(views, readers, "")).isEqualTo(first);

        // Rebuilt from the entries (as after an upgrade or a bulk load), the rollup draws the same charts.
        Sql.update("DELETE FROM AUDIT_HISTOGRAM WHERE REALM_ID = ?", demo.getId());
        Sql.update("UPDATE AUDIT_LOCK SET LAST_VALUE = 0 WHERE NAME = 'histogram'");
        awaitRollupReady();
        assertThat(charts(views, readers, "")).isEqualTo(first);
    }

    /**
     * A chart ending now reads the current hour from the rollup, whose row already counts entries numbered after the
     * chart's {@code to}: those are subtracted, so the chart still equals the one grouped from the entries.
     */
    @Test
    void entriesAfterTheRangeInTheRollupsHourDoNotCount() throws Exception {
        Sql.assumeReachable();
        awaitRollupReady();
        awaitMiddleOfAnHour();
        for (String user : List.of("alice", "bob")) {
            assertThat(Tokens.password(DEMO, "demo-app", user, DemoRealmConfig.PASSWORD).status()).isEqualTo(200);
        }
        Tokens.password(DEMO, "demo-app", "carol", "wrong");
        long to = System.currentTimeMillis();
        Thread.sleep(5);
        // After `to`, in the same hour: numbered into the rollup's row for the hour before the charts are read.
        Tokens.password(DEMO, "demo-app", "alice", DemoRealmConfig.PASSWORD);
        Tokens.password(DEMO, "demo-app", "bob", "wrong");
        awaitNumberedBefore(System.currentTimeMillis());
        long hour = to - to % 3_600_000L;
        Object rolled = Sql.query("SELECT SUM(ENTRIES) FROM AUDIT_HISTOGRAM WHERE REALM_ID = ? AND SCOPE_ID = ?"
                + " AND HOUR_START = ?", demo.getId(), "*", hour).get(0).get(0);
        Object inRange = Sql.query("SELECT COUNT(*) FROM AUDIT_ENTRY WHERE REALM_ID = ? AND EVENT_TIME >= ?"
                + " AND EVENT_TIME <= ? AND ACTION <> 'audit.sealed'", demo.getId(), hour, to).get(0).get(0);
        assertThat(((Number) rolled).longValue()).as("the hour's rollup row counts entries after `to`")
                .isGreaterThan(((Number) inRange).longValue());

        List<String> views = views(to - 2 * 86_400_000L + 17 * 60_000L, to);
        Map<String, String> readers = readers();
        List<String> fromRollup = charts(views, readers, "");
        assertThat(fromRollup).isEqualTo(charts(views, readers, EVERY_SOURCE));
        assertThat(fromRollup).anyMatch(c -> c.contains("\"failure\":") && !c.contains("\"failure\":0,"));
    }

    /**
     * Waits until the clock is a minute or more from either end of an hour, so that the entries before and after
     * `to` share its hour and the shorter part of the hour is the one after `to`.
     */
    private static void awaitMiddleOfAnHour() throws InterruptedException {
        long intoHour = System.currentTimeMillis() % 3_600_000L;
        if (intoHour < 60_000L) {
            Thread.sleep(60_000L - intoHour);
        } else if (intoHour > 3_600_000L - 60_000L) {
            Thread.sleep(3_600_000L - intoHour + 60_000L);
        }
    }

    private List<String> views(long from, long to) {
        String range = "entries/histogram?interval=hour&from=" + from + "&to=" + to;
        String acme = organizationId("acme");
        return List.of(range, range + "&category=authentication", range + "&outcome=failure",
                range + "&organization=" + acme, range.replace("hour", "day"));
    }

    /** The realm's auditor, Acme's admin and, where Keycloak has organization groups, Platform's team admin. */
    private static Map<String, String> readers() {
        Map<String, String> readers = new java.util.LinkedHashMap<>();
        readers.put("auditor", Tokens.demoUser("auditor"));
        readers.put("acme-admin", Tokens.demoUser("acme-admin"));
        if (KeycloakVersion.atLeast(26, 6)) {
            readers.put("platform-lead", Tokens.demoUser("platform-lead"));
        }
        return readers;
    }

    private static List<String> charts(List<String> views, Map<String, String> readers, String extra) {
        List<String> charts = new ArrayList<>();
        for (Map.Entry<String, String> reader : readers.entrySet()) {
            for (String view : views) {
                AuditApi.Reply reply = AuditApi.get(DEMO, view + extra, reader.getValue());
                assertThat(reply.status()).as(view + extra + " " + reply.body()).isEqualTo(200);
                JsonNode body = reply.body();
                charts.add(reader.getKey() + " " + view + " total " + body.path("total") + " " + body.path("bars"));
            }
        }
        return charts;
    }

    private static String organizationId(String alias) {
        return Admin.demo().organizations().getAll().stream().filter(o -> o.getAlias().equals(alias))
                .map(OrganizationRepresentation::getId).findFirst().orElseThrow();
    }

    /** Waits until the sequencer has numbered every entry of the realm written before {@code to}. */
    private void awaitNumberedBefore(long to) throws InterruptedException {
        String pending = "SELECT COUNT(*) FROM AUDIT_ENTRY_CHAIN c JOIN AUDIT_ENTRY e ON e.ID = c.ENTRY_ID"
                + " WHERE c.REALM_ID = ? AND c.SEQ IS NULL AND e.EVENT_TIME < ?";
        for (int i = 0; i < 120; i++) {
            if (((Number) Sql.query(pending, demo.getId(), to).get(0).get(0)).longValue() == 0) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the realm's entries were not numbered within 30 s");
    }

    /** The maintenance timer rebuilds the rollup when its lock row says 0 (a fresh database starts so). */
    private static void awaitRollupReady() throws InterruptedException {
        for (int i = 0; i < 120; i++) {
            if (((Number) Sql.query("SELECT LAST_VALUE FROM AUDIT_LOCK WHERE NAME = 'histogram'").get(0).get(0))
                    .longValue() > 0) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the histogram rollup was not rebuilt within 30 s");
    }
}
