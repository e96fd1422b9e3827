package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.SealAuthority;
import dev.kcaudit.audit.it.support.Seals;
import dev.kcaudit.audit.it.support.Sql;
import dev.kcaudit.audit.it.support.TamperRealmConfig;
import dev.kcaudit.audit.it.support.Tokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
 * Tamper evidence against someone who can write to the database (issue 19): seals signed with a key outside it and
 * time-stamped by an outside authority, carried off the machine by the feed; and each edit such a writer could make
 * to hide something — organization tags, filter columns, a seal re-signed with a realm key, a swapped time stamp, a
 * purge without retention, the tail cut off — made by SQL (PostgreSQL and MariaDB) and reported as its own kind.
 */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TamperIT {

    private static final String REALM = TamperRealmConfig.REALM;

    @InjectRealm(ref = "tamper", config = TamperRealmConfig.class)
    ManagedRealm realm;

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

    private static List<String> problems(JsonNode report) {
        List<String> found = new ArrayList<>();
        report.path("problems").forEach(p -> found.add(p.path("seal").asText() + ":" + p.path("kind").asText() + ":"
                + p.path("entryId").asText("")));
        return found;
    }

    @Test
    @Order(1)
    void sealsAreSignedOutsideTheDatabaseTimeStampedAndCopiedThroughTheFeed() throws Exception {
        String since = Instant.now().minusSeconds(3600).toString();
        for (int round = 0; round < 2; round++) {
            logins(2);
            sealed();
        }
        JsonNode report = sealed();
        assertThat(report.path("verified").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.path("sealKey").asText()).isEqualTo("keystore");
        assertThat(report.path("sealsTimeStamped").asLong()).as(report.toString()).isGreaterThanOrEqualTo(2);

        JsonNode seals = AuditApi.get(REALM, "verify/seals?from=" + since, Tokens.masterAdmin()).body();
        String keyId = SealAuthority.keyId();
        assertThat(seals.path("keys").has(keyId)).as(seals.path("keys").toString()).isTrue();
        seals.path("seals").forEach(s -> {
            assertThat(s.path("keyId").asText()).isEqualTo(keyId);
            assertThat(s.path("algorithm").asText()).isEqualTo("ES256");
            assertThat(s.path("header").asText()).startsWith("audit-seal-v2|");
        });
        assertThat(seals.path("seals").findValuesAsText("timeStamp")).isNotEmpty();

        // The feed carries every seal: an outside copy checks against the database.
        Path dir = Files.createTempDirectory("check-seals");
        Path copy = feedCopy(dir, since);
        assertThat(Files.readString(copy)).contains("\"audit.sealed\"");
        String[] ok = checkSeals(copy, dir, since);
        assertThat(ok[0]).as(ok[1]).isEqualTo("0");
        assertThat(ok[1]).doesNotContain("PROBLEM");
    }

    @Test
    @Order(2)
    void tagsFilterColumnsKeysAndTimeStampsEditedBySqlAreEachReported() throws Exception {
        Sql.assumeReachable();
        logins(6);
        sealed();
        List<List<Object>> rows = Sql.query("SELECT c.ENTRY_ID, e.SEARCH_TEXT, e.IP_KEY, e.EVENT_TIME, e.DEVICE FROM"
                + " AUDIT_ENTRY_CHAIN c JOIN AUDIT_ENTRY e ON e.ID = c.ENTRY_ID WHERE c.REALM_ID = ? AND"
                + " e.ACTION = 'auth.login' AND e.IP_KEY IS NOT NULL ORDER BY c.SEQ", realm.getId());
        assertThat(rows).hasSizeGreaterThanOrEqualTo(5);
        List<Object> tagged = rows.get(0);
        List<Object> searched = rows.get(1);
        List<Object> ip = rows.get(2);
        List<Object> device = rows.get(3);
        List<Object> country = rows.get(4);
        // The test's HTTP client from loopback: an origin with a device type and no country.
        assertThat(device.get(4)).isEqualTo("other");
        String org = UUID.randomUUID().toString();
        List<List<Object>> seals = Sql.query("SELECT SEAL_NO, KEY_ID, ALGORITHM, TSA_TOKEN FROM AUDIT_SEAL"
                + " WHERE REALM_ID = ? AND TSA_TOKEN IS NOT NULL ORDER BY SEAL_NO", realm.getId());
        assertThat(seals).hasSizeGreaterThanOrEqualTo(2);
        Object resigned = seals.get(0).get(0);
        Object restamped = seals.get(1).get(0);
        String realmKid = realm.admin().keys().getKeyMetadata().getActive().get("RS256");

        // An entry attached to an organization (its admins would now see it), one hidden from free text, one from
        // the IP filter; a seal said to be signed by the realm's key; another seal's time stamp swapped in.
        Sql.update("INSERT INTO AUDIT_ENTRY_ORG (ENTRY_ID, ORG_ID, REALM_ID, EVENT_TIME) VALUES (?, ?, ?, ?)",
                tagged.get(0), org, realm.getId(), tagged.get(3));
        Sql.update("UPDATE AUDIT_ENTRY SET SEARCH_TEXT = 'nothing to see' WHERE ID = ?", searched.get(0));
        Sql.update("UPDATE AUDIT_ENTRY SET IP_KEY = NULL WHERE ID = ?", ip.get(0));
        // One entry moved to the desktops, one to France: the device and country filters would find them there.
        Sql.update("UPDATE AUDIT_ENTRY SET DEVICE = 'desktop' WHERE ID = ?", device.get(0));
        Sql.update("UPDATE AUDIT_ENTRY SET COUNTRY = 'FR' WHERE ID = ?", country.get(0));
        Sql.update("UPDATE AUDIT_SEAL SET KEY_ID = ?, ALGORITHM = 'RS256' WHERE REALM_ID = ? AND SEAL_NO = ?",
                realmKid, realm.getId(), resigned);
        Sql.update("UPDATE AUDIT_SEAL SET TSA_TOKEN = ? WHERE REALM_ID = ? AND SEAL_NO = ?", seals.get(0).get(3),
                realm.getId(), restamped);

        JsonNode report = verify();
        assertThat(report.path("verified").asBoolean()).isFalse();
        assertThat(problems(report)).as(report.toString())
                .anyMatch(p -> p.endsWith(":tag-edit:" + tagged.get(0)))
                .anyMatch(p -> p.endsWith(":index-edit:" + searched.get(0)))
                .anyMatch(p -> p.endsWith(":index-edit:" + ip.get(0)))
                .anyMatch(p -> p.endsWith(":index-edit:" + device.get(0)))
                .anyMatch(p -> p.endsWith(":index-edit:" + country.get(0)))
                .contains(resigned + ":seal-signature:", restamped + ":seal-timestamp:");

        // Undone, the log verifies again: each problem came from its edit.
        Sql.update("DELETE FROM AUDIT_ENTRY_ORG WHERE ENTRY_ID = ? AND ORG_ID = ?", tagged.get(0), org);
        Sql.update("UPDATE AUDIT_ENTRY SET SEARCH_TEXT = ? WHERE ID = ?", searched.get(1), searched.get(0));
        Sql.update("UPDATE AUDIT_ENTRY SET IP_KEY = ? WHERE ID = ?", ip.get(2), ip.get(0));
        Sql.update("UPDATE AUDIT_ENTRY SET DEVICE = ? WHERE ID = ?", device.get(4), device.get(0));
        Sql.update("UPDATE AUDIT_ENTRY SET COUNTRY = NULL WHERE ID = ?", country.get(0));
        Sql.update("UPDATE AUDIT_SEAL SET KEY_ID = ?, ALGORITHM = ? WHERE REALM_ID = ? AND SEAL_NO = ?",
                seals.get(0).get(1), seals.get(0).get(2), realm.getId(), resigned);
        Sql.update("UPDATE AUDIT_SEAL SET TSA_TOKEN = ? WHERE REALM_ID = ? AND SEAL_NO = ?", seals.get(1).get(3),
                realm.getId(), restamped);
        JsonNode clean = verify();
        assertThat(clean.path("verified").asBoolean()).as(clean.toString()).isTrue();
    }

    @Test
    @Order(3)
    void aSealedRangeDeletedAndMarkedPurgedIsAnUnsignedPurge() throws Exception {
        Sql.assumeReachable();
        logins(3);
        sealed();
        List<Object> seal = Sql.query("SELECT SEAL_NO, PREV_LAST_SEQ, LAST_SEQ FROM AUDIT_SEAL WHERE REALM_ID = ?"
                + " AND PURGED_TIME IS NULL AND ENTRY_COUNT >= 3 ORDER BY SEAL_NO DESC", realm.getId()).get(0);
        String range = " WHERE REALM_ID = ? AND SEQ > ? AND SEQ <= ?";
        String ids = "(SELECT ENTRY_ID FROM AUDIT_ENTRY_CHAIN" + range + ")";
        Sql.update("DELETE FROM AUDIT_ENTRY_ORG WHERE ENTRY_ID IN " + ids, realm.getId(), seal.get(1), seal.get(2));
        int deleted = Sql.update("DELETE FROM AUDIT_ENTRY WHERE ID IN " + ids, realm.getId(), seal.get(1),
                seal.get(2));
        Sql.update("DELETE FROM AUDIT_ENTRY_CHAIN" + range, realm.getId(), seal.get(1), seal.get(2));
        Sql.update("UPDATE AUDIT_SEAL SET PURGED_TIME = ?, PURGED_COUNT = ? WHERE REALM_ID = ? AND SEAL_NO = ?",
                System.currentTimeMillis(), deleted, realm.getId(), seal.get(0));

        JsonNode report = verify();
        assertThat(problems(report)).as(report.toString()).contains(seal.get(0) + ":purge-unsigned:")
                .noneMatch(p -> p.startsWith(seal.get(0) + ":deleted"));
    }

    @Test
    @Order(4)
    void cuttingOffTheTailWithItsSealsAndChainHeadIsReported() throws Exception {
        Sql.assumeReachable();
        String since = Instant.now().minusSeconds(3600).toString();
        logins(2);
        sealed();
        List<Object> kept = Sql.query("SELECT SEAL_NO, LAST_SEQ, LAST_CHAIN_HASH FROM AUDIT_SEAL WHERE REALM_ID = ?"
                + " ORDER BY SEAL_NO DESC", realm.getId()).get(0);
        // Half a minute of activity, sealed as it comes, longer than the heartbeat (20 s) and its margin (6 s).
        long until = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < until) {
            logins(1);
            Thread.sleep(2_000);
        }
        sealed();
        Path dir = Files.createTempDirectory("check-seals");
        Path copy = feedCopy(dir, since);

        // The writer removes everything after the kept seal: entries, their tags and links, the seals, the head.
        String range = " WHERE REALM_ID = ? AND SEQ > ?";
        String ids = "(SELECT ENTRY_ID FROM AUDIT_ENTRY_CHAIN" + range + ")";
        Sql.update("DELETE FROM AUDIT_ENTRY_ORG WHERE ENTRY_ID IN " + ids, realm.getId(), kept.get(1));
        Sql.update("DELETE FROM AUDIT_ENTRY WHERE ID IN " + ids, realm.getId(), kept.get(1));
        Sql.update("DELETE FROM AUDIT_ENTRY_CHAIN" + range, realm.getId(), kept.get(1));
        int seals = Sql.update("DELETE FROM AUDIT_SEAL WHERE REALM_ID = ? AND SEAL_NO > ?", realm.getId(),
                kept.get(0));
        Sql.update("UPDATE AUDIT_CHAIN_HEAD SET LAST_SEQ = ?, LAST_HASH = ? WHERE REALM_ID = ?", kept.get(1),
                kept.get(2), realm.getId());
        assertThat(seals).isGreaterThanOrEqualTo(2);

        JsonNode report = verify();
        List<List<Object>> left = Sql.query("SELECT SEAL_NO, PREV_LAST_SEQ, LAST_SEQ, ENTRY_COUNT, CREATED_TIME,"
                + " SEALER_STARTED, TSA_TOKEN IS NOT NULL FROM AUDIT_SEAL WHERE REALM_ID = ? ORDER BY SEAL_NO", realm.getId());
        assertThat(problems(report)).as("%s, kept %s, seals %s", report, kept, left)
                .anyMatch(p -> p.contains(":truncated:"));
        // And the outside copy names the missing seals.
        String[] caught = checkSeals(copy, dir, since);
        assertThat(caught[0]).as(caught[1]).isEqualTo("1");
        assertThat(caught[1]).contains("is MISSING from the database");
    }

    /** Every feed entry of the realm since {@code since}, as a SIEM would keep them (NDJSON). */
    private static Path feedCopy(Path dir, String since) throws Exception {
        StringBuilder lines = new StringBuilder();
        String next = "feed?limit=500&since=" + since;
        for (int page = 0; page < 50 && next != null; page++) {
            AuditApi.Reply reply = AuditApi.get(REALM, next, Tokens.masterAdmin());
            assertThat(reply.status()).as("feed: %s", reply.body()).isEqualTo(200);
            reply.body().path("entries").forEach(e -> lines.append(e.toString()).append('\n'));
            next = reply.body().path("entries").isEmpty() ? null : "feed?limit=500&after="
                    + reply.body().path("next").asText();
        }
        Path copy = dir.resolve("feed.ndjson");
        Files.writeString(copy, lines.toString(), StandardCharsets.UTF_8);
        return copy;
    }

    private static String[] checkSeals(Path copy, Path dir, String since) throws Exception {
        Path seals = dir.resolve("seals.json");
        Files.writeString(seals, AuditApi.get(REALM, "verify/seals?from=" + since, Tokens.masterAdmin()).raw().body());
        Process p = new ProcessBuilder("python3", "../tools/check-seals.py", copy.toString(), seals.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new String[] {Integer.toString(p.waitFor()), out};
    }
}
