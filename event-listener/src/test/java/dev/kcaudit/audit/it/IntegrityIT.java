package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.IntegrityRealmConfig;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Seals;
import dev.kcaudit.audit.it.support.Sql;
import dev.kcaudit.audit.it.support.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Tamper evidence on a realm of its own: an untouched log verifies (also after purges); a changed, deleted or forged
 * entry and an edited seal, each made by direct SQL, are found and located by GET verify.
 */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IntegrityIT {

    private static final String REALM = IntegrityRealmConfig.REALM;

    @InjectRealm(ref = "integrity", config = IntegrityRealmConfig.class)
    ManagedRealm realm;

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    private static JsonNode verify() {
        return Seals.verify(REALM);
    }

    private static JsonNode sealed() throws InterruptedException {
        return Seals.sealed(REALM);
    }

    private static void logins(int count) {
        for (int i = 0; i < count; i++) {
            Tokens.password(REALM, "integrity-app", "ivan", "ivan-pw").accessToken();
        }
    }

    @Test
    @Order(1)
    void anUntouchedLogVerifiesAndOnlyAuditorsMayVerify() throws Exception {
        for (int round = 0; round < 3; round++) {
            logins(3);
            sealed();
        }
        JsonNode report = sealed();
        assertThat(report.path("verified").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.path("problems")).isEmpty();
        assertThat(report.path("sealsVerified").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(report.path("entriesVerified").asLong()).isGreaterThanOrEqualTo(9);
        assertThat(report.hasNonNull("firstBadSeal")).isFalse();

        assertThat(AuditApi.get(DemoRealmConfig.REALM, "verify", Tokens.demoUser("acme-admin")).status()).isEqualTo(403);
        assertThat(AuditApi.get(DemoRealmConfig.REALM, "verify", Tokens.demoUser("dave")).status()).isEqualTo(403);
        JsonNode demo = AuditApi.get(DemoRealmConfig.REALM, "verify?full=true", Tokens.demoUser("auditor")).body();
        assertThat(demo.path("verified").asBoolean()).as(demo.toString()).isTrue();
        AuditApi.Reply bad = AuditApi.get(REALM, "verify?from=yesterday", Tokens.masterAdmin());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("parameter").asText()).isEqualTo("from");
    }

    @Test
    @Order(3)
    void retentionPurgesWholeSealsOutsideLegalHoldAndTheChainStillVerifies() throws Exception {
        Sql.assumeReachable();
        sealed();
        long old = System.currentTimeMillis() - 10L * 86_400_000L;
        List<String> oldIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = UUID.randomUUID().toString();
            oldIds.add(id);
            Sql.update("INSERT INTO AUDIT_ENTRY (ID, REALM_ID, EVENT_TIME, CATEGORY, ACTION, OUTCOME, ACTOR_TYPE, SOURCE,"
                    + " ORGANIZATIONS_JSON) VALUES (?, ?, ?, 'authentication', 'auth.login', 'success', 'anonymous',"
                    + " 'login', '[{\"id\":\"org-old\",\"name\":\"old\"}]')", id, realm.getId(), old + i);
            Sql.update("INSERT INTO AUDIT_ENTRY_CHAIN (ENTRY_ID, REALM_ID) VALUES (?, ?)", id, realm.getId());
            Sql.update("INSERT INTO AUDIT_ENTRY_ORG (ENTRY_ID, ORG_ID, REALM_ID, EVENT_TIME) VALUES (?, 'org-old', ?, ?)",
                    id, realm.getId(), old + i);
        }
        assertThat(tags(oldIds)).isEqualTo(3);
        sealed();
        logins(2);
        sealed();
        String admin = Tokens.masterAdmin();
        assertThat(AuditApi.put(REALM, "config", admin, "{\"retentionDays\":1,\"legalHold\":true}").status())
                .isEqualTo(200);
        Thread.sleep(6_000);
        assertThat(count(oldIds)).as("legal hold keeps everything").isEqualTo(3);

        assertThat(AuditApi.put(REALM, "config", admin, "{\"legalHold\":false}").status()).isEqualTo(200);
        for (int i = 0; i < 100 && count(oldIds) > 0; i++) {
            Thread.sleep(200);
        }
        assertThat(count(oldIds)).as("purged").isZero();
        // No foreign key removes an entry's organization tags with it: the purge deletes them itself.
        assertThat(tags(oldIds)).as("the purged entries' organization tags").isZero();
        JsonNode purge = AuditApi.newest(REALM, admin, e -> e.path("action").asText().equals("audit.purged"));
        assertThat(purge.path("actor").path("type").asText()).isEqualTo("system");
        // The three back-dated entries, and the record of the seal before them that their seal also covers.
        assertThat(purge.path("details").path("entries").asLong()).isBetween(3L, 4L);
        assertThat(purge.path("details").path("retentionDays").asInt()).isEqualTo(1);
        assertThat(purge.path("details").path("legalHold").asBoolean()).isFalse();
        assertThat(AuditApi.get(REALM, "entries?max=100", admin).body().path("entries").toString()).contains("ivan");
        // The chart's rollup lost the purged entries too: its month counts what the list counts.
        for (int i = 0; i < 100 && ((Number) Sql.query("SELECT LAST_VALUE FROM AUDIT_LOCK WHERE NAME = 'histogram'")
                .get(0).get(0)).longValue() == 0; i++) {
            Thread.sleep(200);
        }
        long now = System.currentTimeMillis();
        String month = "from=" + (now - 30L * 86_400_000L) + "&to=" + now;
        assertThat(AuditApi.get(REALM, "entries/histogram?interval=day&" + month, admin).body().path("total").asLong())
                .isEqualTo(AuditApi.get(REALM, "entries/count?" + month, admin).body().path("count").asLong());

        JsonNode report = sealed();
        assertThat(report.path("verified").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.path("sealsPurged").asLong()).isEqualTo(1);
        AuditApi.put(REALM, "config", admin, "{\"retentionDays\":365}");
    }

    /** An auditor checks a JSON export offline with tools/verify-export.py; one edited line is caught. */
    @Test
    @Order(2)
    void aJsonExportVerifiesOfflineAgainstTheSignedSealsAndAnEditIsCaught() throws Exception {
        logins(2);
        sealed();
        String admin = Tokens.masterAdmin();
        String from = java.time.Instant.now().minusSeconds(86_400).toString();
        AuditApi.Reply export = AuditApi.get(REALM, "export?format=json&order=asc&from=" + from, admin);
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.raw().headers().firstValue("X-Audit-Seal").orElseThrow()).startsWith("seal ");
        String seals = AuditApi.get(REALM, "verify/seals?from=" + from, admin).raw().body();
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("verify-export");
        java.nio.file.Path jsonl = dir.resolve("export.jsonl");
        java.nio.file.Files.writeString(jsonl, export.raw().body());
        java.nio.file.Files.writeString(dir.resolve("seals.json"), seals);

        String[] ok = run(jsonl, dir.resolve("seals.json"));
        assertThat(ok[0]).as(ok[1]).isEqualTo("0");
        assertThat(ok[1]).contains("entries verified: ").doesNotContain("PROBLEM");

        List<String> lines = new ArrayList<>(java.nio.file.Files.readAllLines(jsonl));
        String edited = lines.stream().filter(l -> l.contains("\"chainHash\"") && l.contains("\"ivan\"")).findFirst()
                .orElseThrow();
        String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(edited).path("id").asText();
        lines.set(lines.indexOf(edited), edited.replace("\"ivan\"", "\"mallory\""));
        java.nio.file.Files.write(jsonl, lines);
        String[] caught = run(jsonl, dir.resolve("seals.json"));
        assertThat(caught[0]).isEqualTo("1");
        assertThat(caught[1]).contains("PROBLEM: entry " + id);
    }

    private static String[] run(java.nio.file.Path export, java.nio.file.Path seals) throws Exception {
        Process p = new ProcessBuilder("python3", "../tools/verify-export.py", export.toString(), seals.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return new String[] {Integer.toString(p.waitFor()), out};
    }

    private long tags(List<String> ids) {
        return rows("AUDIT_ENTRY_ORG WHERE ENTRY_ID", ids);
    }

    private long count(List<String> ids) {
        return rows("AUDIT_ENTRY WHERE ID", ids);
    }

    /** Rows of {@code "TABLE WHERE COLUMN"} whose column is one of the three ids. */
    private static long rows(String tableAndColumn, List<String> ids) {
        return Sql.query("SELECT COUNT(*) FROM " + tableAndColumn + " IN (?, ?, ?)", ids.toArray()).get(0).get(0)
                instanceof Number n ? n.longValue() : -1;
    }

    @Test
    @Order(4)
    void aChangedDeletedOrForgedEntryAndAnEditedSealAreFoundAndLocated() throws Exception {
        Sql.assumeReachable();
        List<Long> seals = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            logins(3);
            sealed();
        }
        for (List<Object> row : Sql.query("SELECT SEAL_NO FROM AUDIT_SEAL WHERE REALM_ID = ? AND PURGED_TIME IS NULL"
                + " AND ENTRY_COUNT >= 3 ORDER BY SEAL_NO DESC", realm.getId())) {
            seals.add(((Number) row.get(0)).longValue());
        }
        assertThat(seals).hasSizeGreaterThanOrEqualTo(4);
        long changedSeal = seals.get(3);
        long deletedSeal = seals.get(2);
        long forgedSeal = seals.get(1);
        long editedSeal = seals.get(0);

        List<Object> changed = middle(changedSeal);
        Sql.update("UPDATE AUDIT_ENTRY SET RESOURCE_NAME = 'someone else' WHERE ID = ?", changed.get(0));
        List<Object> deleted = middle(deletedSeal);
        Sql.update("DELETE FROM AUDIT_ENTRY_ORG WHERE ENTRY_ID = ?", deleted.get(0));
        Sql.update("DELETE FROM AUDIT_ENTRY WHERE ID = ?", deleted.get(0));
        List<Object> neighbour = middle(forgedSeal);
        String forged = UUID.randomUUID().toString();
        Sql.update("INSERT INTO AUDIT_ENTRY (ID, REALM_ID, EVENT_TIME, CATEGORY, ACTION, OUTCOME, ACTOR_TYPE, SOURCE)"
                + " VALUES (?, ?, ?, 'users', 'user.deleted', 'success', 'system', 'system')", forged, realm.getId(),
                System.currentTimeMillis());
        Sql.update("INSERT INTO AUDIT_ENTRY_CHAIN (ENTRY_ID, REALM_ID, SEQ, CHAIN_PREV_SEQ, CHAIN_HASH)"
                + " VALUES (?, ?, ?, ?, ?)", forged, realm.getId(), neighbour.get(1), neighbour.get(2), "ab".repeat(32));
        Sql.update("UPDATE AUDIT_SEAL SET ENTRY_COUNT = ENTRY_COUNT - 1 WHERE REALM_ID = ? AND SEAL_NO = ?",
                realm.getId(), editedSeal);

        JsonNode report = verify();
        assertThat(report.path("verified").asBoolean()).isFalse();
        assertThat(report.path("firstBadSeal").asLong()).isEqualTo(changedSeal);
        List<String> found = new ArrayList<>();
        report.path("problems").forEach(p -> found.add(p.path("seal").asLong() + ":" + p.path("kind").asText() + ":"
                + p.path("entryId").asText("") + ":" + p.path("seq").asText("")));
        assertThat(found).as(report.toString())
                .contains(changedSeal + ":modified:" + changed.get(0) + ":" + changed.get(1))
                .contains(deletedSeal + ":deleted::" + deleted.get(1))
                .contains(forgedSeal + ":inserted:" + forged + ":" + neighbour.get(1))
                .contains(editedSeal + ":seal-altered::", editedSeal + ":seal-signature::");
    }

    /** ID, SEQ and CHAIN_PREV_SEQ of an entry in the middle of a seal's range. */
    private List<Object> middle(long sealNo) {
        List<Object> seal = Sql.query("SELECT PREV_LAST_SEQ, LAST_SEQ FROM AUDIT_SEAL WHERE REALM_ID = ? AND SEAL_NO = ?",
                realm.getId(), sealNo).get(0);
        List<List<Object>> rows = Sql.query("SELECT ENTRY_ID, SEQ, CHAIN_PREV_SEQ FROM AUDIT_ENTRY_CHAIN"
                + " WHERE REALM_ID = ? AND SEQ > ? AND SEQ <= ? ORDER BY SEQ", realm.getId(), seal.get(0), seal.get(1));
        return rows.get(rows.size() / 2);
    }
}
