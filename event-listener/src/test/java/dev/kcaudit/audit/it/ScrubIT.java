package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.AuditSinks;
import dev.kcaudit.audit.it.support.Markers;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.ScrubRealmConfig;
import dev.kcaudit.audit.it.support.Sql;
import dev.kcaudit.audit.it.support.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * The scrub of secrets stored before the redaction knew them: an entry written the old way (a registration access
 * token and SAML private keys in its details and changes), linked and sealed, a baseline and an export job holding
 * them; the scrub runs again when its version row is reset. Afterwards the secrets are nowhere, verify still passes,
 * counting the entry as scrubbed by the recorded digest, and a later edit of that entry is reported as tampering.
 * Needs direct SQL: runs on the PostgreSQL and MariaDB runs.
 */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class ScrubIT {

    private static final String REALM = ScrubRealmConfig.REALM;
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectRealm(ref = "scrub", config = ScrubRealmConfig.class)
    ManagedRealm realm;

    private final Markers markers = new Markers();

    @Test
    void storedSecretsAreScrubbedTheScrubIsRecordedAndTheChainStillVerifies() throws Exception {
        Sql.assumeReachable();
        awaitScrubbed();
        String admin = Tokens.masterAdmin();
        String from = Instant.now().minusSeconds(300).toString();
        Tokens.password(REALM, "scrub-app", "sam", "sam-pw").accessToken();
        String id = plantOldStyleEntry();
        sealed(admin);
        assertThat(verify(admin).path("verified").asBoolean()).as("the planted entry is on the chain").isTrue();
        AuditSinks.JobFile job = AuditSinks.exportJob(REALM, admin, "json", from);
        assertThat(markers.foundIn(job.text())).as("the old export file holds the secrets").isNotEmpty();
        String jobId = job.id();

        Sql.update("UPDATE AUDIT_LOCK SET LAST_VALUE = 0 WHERE NAME = 'scrub'");
        awaitScrubbed();

        AuditSinks.tables().forEach((table, rows) ->
                assertThat(markers.foundIn(rows)).as("secrets in table %s", table).isEmpty());
        String entries = AuditSinks.entries(REALM, admin, from);
        assertThat(markers.foundIn(entries)).as("secrets in entries").isEmpty();
        JsonNode planted = AuditApi.get(REALM, "entries/" + id, admin).body();
        assertThat(planted.path("details").path("representation").path("clientId").asText()).isEqualTo("legacy");
        assertThat(AuditApi.changes(planted)).containsExactly("description: old -> kept");
        assertThat(AuditApi.get(REALM, "exports/" + jobId, admin).status()).as("the old export job").isEqualTo(404);

        JsonNode report = sealed(admin);
        assertThat(report.path("verified").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.path("entriesScrubbed").asLong()).isGreaterThanOrEqualTo(1);
        List<JsonNode> scrubs = new ArrayList<>();
        AuditApi.entries(REALM, admin).stream().filter(e -> e.path("action").asText().equals("audit.scrubbed"))
                .forEach(scrubs::add);
        assertThat(scrubs).allMatch(e -> e.path("actor").path("type").asText().equals("system"));
        JsonNode listed = scrubs.stream().flatMap(e -> stream(e.path("details").path("entries")))
                .filter(e -> e.path("id").asText().equals(id)).findFirst().orElseThrow();
        assertThat(listed.path("digest").asText()).as("the digest of the entry as it is now").isEqualTo(digest(id, admin));
        assertThat(scrubs.toString()).contains(jobId);

        Sql.update("UPDATE AUDIT_ENTRY SET RESOURCE_NAME = 'someone else' WHERE ID = ?", id);
        JsonNode tampered = verify(admin);
        assertThat(tampered.path("verified").asBoolean()).isFalse();
        assertThat(tampered.path("problems").toString()).contains("\"kind\":\"modified\"", id);
    }

    /** An entry as the old code wrote it, with its chain row (not yet numbered), and a baseline holding secrets. */
    private String plantOldStyleEntry() {
        String id = UUID.randomUUID().toString();
        String token = markers.fresh("registrationAccessToken in details");
        String key = markers.fresh("saml.signing.private.key in details and changes");
        String oldKey = markers.fresh("old saml.signing.private.key in changes");
        String details = """
                {"operation":"ACTION","resourcePath":"clients/c1/registration-access-token","representation":
                 {"clientId":"legacy","registrationAccessToken":"%s","attributes":{"saml.signing.private.key":"%s"}}}"""
                .formatted(token, key);
        String changes = """
                [{"field":"attributes.saml.signing.private.key","oldValue":"%s","newValue":"%s"},
                 {"field":"description","oldValue":"old","newValue":"kept"}]""".formatted(oldKey, key);
        long time = System.currentTimeMillis();
        Sql.update("INSERT INTO AUDIT_ENTRY (ID, REALM_ID, EVENT_TIME, CATEGORY, ACTION, OUTCOME, ACTOR_TYPE, SOURCE,"
                + " RESOURCE_TYPE, RESOURCE_ID, RESOURCE_NAME, DETAILS_JSON, CHANGES_JSON, SEARCH_TEXT) VALUES"
                + " (?, ?, ?, 'clients', 'client.updated', 'success', 'system', 'admin-api', 'client', 'c1', 'legacy',"
                + " ?, ?, ?)", id, realm.getId(), time, details, changes, oldSearchText(id, time, details, changes));
        Sql.update("INSERT INTO AUDIT_ENTRY_CHAIN (ENTRY_ID, REALM_ID) VALUES (?, ?)", id, realm.getId());
        Sql.update("INSERT INTO AUDIT_RESOURCE_STATE (REALM_ID, RESOURCE_TYPE, RESOURCE_ID, UPDATED_TIME, STATE_JSON)"
                + " VALUES (?, 'client', 'c1', ?, ?)", realm.getId(), System.currentTimeMillis(),
                "{\"clientId\":\"legacy\",\"secret\":\"%s\",\"attributes\":{\"saml.encryption.private.key\":\"%s\"}}"
                        .formatted(markers.fresh("client secret in baseline"), markers.fresh("SAML key in baseline")));
        return id;
    }

    /**
     * The search text the store wrote for such an entry (secrets included, as the old code did): verify recomputes it
     * from the content and would report anything else as an edit.
     */
    private String oldSearchText(String id, long time, String details, String changes) {
        dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity row = new dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity();
        row.setId(id);
        row.setRealmId(realm.getId());
        row.setTime(time);
        row.setCategory("clients");
        row.setAction("client.updated");
        row.setOutcome("success");
        row.setActorType("system");
        row.setSource("admin-api");
        row.setResourceType("client");
        row.setResourceId("c1");
        row.setResourceName("legacy");
        row.setDetailsJson(details);
        row.setChangesJson(changes);
        return dev.kcaudit.audit.store.jpa.DerivedColumns.of(row).searchText();
    }

    /** Waits until the scrub of the current vocabulary has completed (the one after start-up, or after a reset). */
    private static void awaitScrubbed() throws InterruptedException {
        for (int i = 0; i < 300 && scrubVersion() == 0; i++) {
            Thread.sleep(200);
        }
        assertThat(scrubVersion()).as("the scrub finished").isPositive();
    }

    private static long scrubVersion() {
        return ((Number) Sql.query("SELECT LAST_VALUE FROM AUDIT_LOCK WHERE NAME = 'scrub'").get(0).get(0)).longValue();
    }

    /** SHA-256 of the entry's canonical form as the JSON export carries it for offline checks. */
    private static String digest(String id, String admin) throws Exception {
        String export = AuditApi.get(REALM, "export?format=json&from=" + Instant.now().minusSeconds(3600), admin)
                .raw().body();
        for (String line : export.split("\n")) {
            JsonNode entry = JSON.readTree(line);
            if (entry.path("id").asText().equals(id)) {
                byte[] hash = MessageDigest.getInstance("SHA-256")
                        .digest(entry.path("integrity").path("canonical").asText().getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(hash);
            }
        }
        throw new AssertionError("entry " + id + " not in the export");
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    private static JsonNode verify(String admin) {
        AuditApi.Reply reply = AuditApi.get(REALM, "verify?full=true", admin);
        assertThat(reply.status()).as("verify: %s", reply.body()).isEqualTo(200);
        return reply.body();
    }

    /** Waits until everything written so far is linked and sealed; returns the report. */
    private static JsonNode sealed(String admin) throws InterruptedException {
        JsonNode report = verify(admin);
        for (int i = 0; i < 100 && report.path("entriesNotYetSealed").asLong() > 0; i++) {
            Thread.sleep(200);
            report = verify(admin);
        }
        assertThat(report.path("entriesNotYetSealed").asLong()).as("sealed: %s", report).isZero();
        return report;
    }
}
