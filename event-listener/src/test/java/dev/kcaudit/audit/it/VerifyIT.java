package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Seals;
import dev.kcaudit.audit.it.support.Sql;
import dev.kcaudit.audit.it.support.Tokens;
import dev.kcaudit.audit.it.support.VerifyRealmConfig;
import dev.kcaudit.audit.store.jpa.UnsealedCount;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Incremental verify and the background full check (docs/integrity.md): a plain {@code GET verify} checks only the
 * seals after the last clean check, at most {@code limit} entries a call, and remembers how far it got; the full check
 * runs in the background with its progress and finds an edit the incremental check no longer reads.
 */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifyIT {

    private static final String REALM = VerifyRealmConfig.REALM;

    @InjectRealm(ref = "verify", config = VerifyRealmConfig.class)
    ManagedRealm realm;

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    private static void logins(int count) {
        for (int i = 0; i < count; i++) {
            Tokens.password(REALM, "integrity-app", "ivan", "ivan-pw").accessToken();
        }
    }

    private static JsonNode incremental(String query) {
        AuditApi.Reply reply = AuditApi.get(REALM, "verify" + query, Tokens.masterAdmin());
        assertThat(reply.status()).as("verify: %s", reply.body()).isEqualTo(200);
        assertThat(reply.body().path("mode").asText()).isEqualTo("incremental");
        return reply.body();
    }

    /** Each seal's entry count, by seal number, as the seals endpoint lists them. */
    private static Map<Long, Long> sealCounts() {
        Map<Long, Long> counts = new HashMap<>();
        AuditApi.get(REALM, "verify/seals", Tokens.masterAdmin()).body().path("seals")
                .forEach(s -> counts.put(s.path("sealNo").asLong(), s.path("count").asLong()));
        return counts;
    }

    private static long entriesIn(Map<Long, Long> counts, long fromSeal, long throughSeal) {
        long sum = 0;
        for (long no = fromSeal; no <= throughSeal; no++) {
            sum += counts.getOrDefault(no, 0L);
        }
        return sum;
    }

    private static JsonNode fullCheckDone() throws InterruptedException {
        JsonNode status = AuditApi.get(REALM, "verify/full", Tokens.masterAdmin()).body();
        for (int i = 0; i < 300 && status.path("state").asText().equals("running"); i++) {
            Thread.sleep(100);
            status = AuditApi.get(REALM, "verify/full", Tokens.masterAdmin()).body();
        }
        return status;
    }

    @Test
    @Order(1)
    void aPlainVerifyChecksOnlyWhatIsNewAndRemembersHowFarItGot() throws Exception {
        logins(3);
        Seals.sealed(REALM);
        JsonNode first = incremental("");
        assertThat(first.path("verified").asBoolean()).as(first.toString()).isTrue();
        assertThat(first.path("fromSeal").asLong()).isEqualTo(1);
        assertThat(first.path("complete").asBoolean()).isTrue();
        long through = first.path("throughSeal").asLong();
        assertThat(first.path("entriesVerified").asLong()).isGreaterThanOrEqualTo(3)
                .isEqualTo(entriesIn(sealCounts(), 1, through));

        logins(4);
        Seals.sealed(REALM);
        JsonNode second = incremental("");
        assertThat(second.path("verified").asBoolean()).as(second.toString()).isTrue();
        assertThat(second.path("fromSeal").asLong()).as("starts after the last clean check").isEqualTo(through + 1);
        long through2 = second.path("throughSeal").asLong();
        assertThat(second.path("entriesVerified").asLong()).as("only the new seals' entries")
                .isGreaterThanOrEqualTo(4).isEqualTo(entriesIn(sealCounts(), through + 1, through2));

        // Bounded: a limit of one entry checks one seal and says how much is left for the next call.
        logins(1);
        Seals.sealed(REALM);
        logins(1);
        Seals.sealed(REALM);
        JsonNode bounded = incremental("?limit=1");
        assertThat(bounded.path("fromSeal").asLong()).isEqualTo(through2 + 1);
        assertThat(bounded.path("throughSeal").asLong()).as("one seal").isEqualTo(through2 + 1);
        assertThat(bounded.path("complete").asBoolean()).isFalse();
        assertThat(bounded.path("entriesRemaining").asLong()).isPositive();
        JsonNode rest = incremental("");
        assertThat(rest.path("fromSeal").asLong()).isEqualTo(through2 + 2);
        assertThat(rest.path("complete").asBoolean()).isTrue();
        assertThat(rest.path("entriesRemaining").asLong()).isZero();
        assertThat(rest.path("verified").asBoolean()).as(rest.toString()).isTrue();
    }

    @Test
    @Order(2)
    void theFullCheckRunsInTheBackgroundWithItsProgressAndMovesTheMark() throws Exception {
        logins(2);
        Seals.sealed(REALM);
        JsonNode inRequest = Seals.verify(REALM);
        AuditApi.Reply started = AuditApi.post(REALM, "verify/full", Tokens.masterAdmin(), "");
        assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
        JsonNode done = fullCheckDone();
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("verified");
        assertThat(done.path("percent").asInt()).isEqualTo(100);
        assertThat(done.path("sealsChecked").asLong()).isGreaterThanOrEqualTo(done.path("sealsTotal").asLong())
                .isGreaterThanOrEqualTo(inRequest.path("sealsVerified").asLong());
        assertThat(done.path("entriesVerified").asLong()).isGreaterThanOrEqualTo(inRequest.path("entriesVerified")
                .asLong());
        assertThat(done.path("startedAt").asLong()).isPositive();
        assertThat(done.path("finishedAt").asLong()).isGreaterThanOrEqualTo(done.path("startedAt").asLong());
        JsonNode report = done.path("report");
        assertThat(report.path("mode").asText()).isEqualTo("full");
        assertThat(report.path("verified").asBoolean()).isTrue();
        assertThat(report.path("entriesVerified").asLong()).isEqualTo(done.path("entriesVerified").asLong());

        // The next incremental call starts after the last seal the full check reached, and shows that check.
        assertThat(done.path("incrementalThroughSeal").asLong()).isEqualTo(done.path("sealsChecked").asLong());
        JsonNode next = incremental("");
        assertThat(next.path("fromSeal").asLong()).isEqualTo(done.path("incrementalThroughSeal").asLong() + 1);
        assertThat(next.path("fullCheck").path("state").asText()).isEqualTo("verified");
    }

    @Test
    @Order(3)
    void onlyAuditorsMayVerifyAndBadParametersAreNamed() {
        String acme = Tokens.demoUser("acme-admin");
        assertThat(AuditApi.get(DemoRealmConfig.REALM, "verify", acme).status()).isEqualTo(403);
        assertThat(AuditApi.get(DemoRealmConfig.REALM, "verify/full", acme).status()).isEqualTo(403);
        assertThat(AuditApi.post(DemoRealmConfig.REALM, "verify/full", acme, "").status()).isEqualTo(403);
        assertThat(AuditApi.post(DemoRealmConfig.REALM, "verify/full", Tokens.demoUser("dave"), "").status())
                .isEqualTo(403);
        for (String[] bad : new String[][] {{"limit=0", "limit"}, {"limit=abc", "limit"}, {"limit=1000001", "limit"},
                {"full=yes", "full"}}) {
            AuditApi.Reply reply = AuditApi.get(REALM, "verify?" + bad[0], Tokens.masterAdmin());
            assertThat(reply.status()).as(bad[0]).isEqualTo(400);
            assertThat(reply.body().path("parameter").asText()).as(bad[0]).isEqualTo(bad[1]);
        }
    }

    /**
     * An entry edited after it was verified is no longer read by the incremental check; the full check finds it and
     * locates it. An edit of the seal the incremental check starts after shows in that check at once.
     */
    @Test
    @Order(4)
    void theFullCheckFindsAnEditBehindTheMarkAndAnEditedMarkShowsAtOnce() throws Exception {
        Sql.assumeReachable();
        logins(2);
        Seals.sealed(REALM);
        JsonNode clean = incremental("");
        assertThat(clean.path("verified").asBoolean()).as(clean.toString()).isTrue();
        String edited = (String) Sql.query("SELECT ID FROM AUDIT_ENTRY WHERE REALM_ID = ? AND ACTION = 'auth.login'"
                + " ORDER BY EVENT_TIME", realm.getId()).get(0).get(0);
        Sql.update("UPDATE AUDIT_ENTRY SET RESOURCE_NAME = 'someone else' WHERE ID = ?", edited);

        assertThat(AuditApi.post(REALM, "verify/full", Tokens.masterAdmin(), "").status()).isEqualTo(202);
        JsonNode done = fullCheckDone();
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("problems");
        assertThat(done.path("report").path("problems").toString()).contains(edited).contains("modified");

        long mark = done.path("incrementalThroughSeal").asLong();
        Sql.update("UPDATE AUDIT_SEAL SET ENTRY_COUNT = ENTRY_COUNT + 1 WHERE REALM_ID = ? AND SEAL_NO = ?",
                realm.getId(), mark);
        JsonNode after = incremental("");
        assertThat(after.path("verified").asBoolean()).isFalse();
        assertThat(after.path("problems").toString()).contains("seal-altered").contains("Seal " + mark);
        assertThat(incremental("").path("verified").asBoolean()).as("the mark does not move past it").isFalse();

        // Moving the mark by SQL to the newest seal, with that seal's own hash, would hide the edited entry behind it:
        // the mark is not signed by verify, so the check starts over from the first seal and finds the edit.
        logins(2);
        Seals.sealed(REALM);
        List<Object> newest = Sql.query("SELECT SEAL_NO, SEAL_HASH, LAST_SEQ FROM AUDIT_SEAL WHERE REALM_ID = ?"
                + " ORDER BY SEAL_NO DESC", realm.getId()).get(0);
        assertThat(((Number) newest.get(0)).longValue()).as("a seal after the mark").isGreaterThan(mark);
        Sql.update("UPDATE AUDIT_VERIFY_STATE SET THROUGH_SEAL = ?, THROUGH_SEAL_HASH = ?, THROUGH_SEQ = ?"
                + " WHERE REALM_ID = ?", newest.get(0), newest.get(1), newest.get(2), realm.getId());
        JsonNode forged = incremental("");
        assertThat(forged.path("verified").asBoolean()).isFalse();
        assertThat(forged.path("fromSeal").asLong()).isEqualTo(1);
        assertThat(forged.path("problems").toString()).contains("mark-invalid").contains(edited);
    }

    /**
     * Every verify report counts the entries not yet sealed. After a big backlog PostgreSQL can cache a generic plan
     * for that count, blind to the values, which joins both tables in full (seconds at 10 M entries, docs/integrity.md):
     * the session here prefers generic plans, and the count must still be planned for its values each time.
     */
    @Test
    @Order(5)
    void theUnsealedCountIsPlannedForItsValuesOnPostgres() throws Exception {
        Sql.assumePostgres();
        logins(2);
        try (Connection connection = Sql.connect()) {
            connection.setAutoCommit(false);
            // One snapshot per transaction, so the check's own count sees the same rows.
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement session = connection.createStatement()) {
                session.execute("SET plan_cache_mode = force_generic_plan");
            }
            connection.commit();
            for (int run = 0; run < 8; run++) { // pgjdbc prepares the statement on the server from the fifth run
                long counted = UnsealedCount.of(connection, realm.getId(), 0);
                try (PreparedStatement all = connection.prepareStatement("SELECT COUNT(*) FROM AUDIT_ENTRY"
                        + " WHERE REALM_ID = ? AND ACTION <> 'audit.sealed'")) {
                    all.setString(1, realm.getId());
                    ResultSet rs = all.executeQuery();
                    rs.next();
                    assertThat(counted).as("every entry of the realm but seal records").isEqualTo(rs.getLong(1))
                            .isGreaterThanOrEqualTo(2);
                }
                connection.commit();
            }
            try (Statement plans = connection.createStatement();
                    ResultSet rs = plans.executeQuery("SELECT generic_plans, custom_plans FROM pg_prepared_statements"
                            + " WHERE statement LIKE '%AUDIT_ENTRY_CHAIN c JOIN%'")) {
                assertThat(rs.next()).as("the count was prepared on the server").isTrue();
                assertThat(rs.getLong(1)).as("generic plans").isZero();
                assertThat(rs.getLong(2)).as("plans for the values").isPositive();
            }
        }
    }
}
