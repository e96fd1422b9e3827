package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.Admin;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Rest;
import dev.kcaudit.audit.it.support.Sql;
import dev.kcaudit.audit.it.support.Tokens;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * Nothing disappears quietly: a realm under legal hold cannot be deleted; deleting any audited realm leaves a
 * tombstone in the master realm's log; removing the {@code audit-log} listener or a captured category is recorded
 * in the same transaction as the change, before capture stops.
 */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class NothingDisappearsIT {

    /** A new realm with the listener on, a user and a public client, and a few logins in its log. */
    private static String audited(String prefix, int logins) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Rest.Reply created = Rest.admin("POST", "", Tokens.masterAdmin(), "{\"realm\":\"" + name + "\",\"enabled\":true,"
                + "\"eventsListeners\":[\"jboss-logging\",\"audit-log\"],"
                + "\"clients\":[{\"clientId\":\"app\",\"publicClient\":true,\"directAccessGrantsEnabled\":true}],"
                + "\"users\":[{\"username\":\"uma\",\"enabled\":true,\"email\":\"uma@x.test\",\"emailVerified\":true,"
                + "\"firstName\":\"Uma\",\"lastName\":\"U\",\"credentials\":[{\"type\":\"password\",\"value\":\"uma\","
                + "\"temporary\":false}]}]}");
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        for (int i = 0; i < logins; i++) {
            Tokens.password(name, "app", "uma", "uma").accessToken();
        }
        return name;
    }

    private static List<JsonNode> entries(String realm, String query) {
        return AuditApi.entries(realm, Tokens.masterAdmin()).stream()
                .filter(e -> query == null || e.path("action").asText().equals(query)).toList();
    }

    @Test
    void aRealmUnderLegalHoldCannotBeDeleted() {
        String realm = audited("held", 2);
        String admin = Tokens.masterAdmin();
        assertThat(AuditApi.put(realm, "config", admin, "{\"legalHold\":true}").status()).isEqualTo(200);

        Rest.Reply refused = Rest.admin("DELETE", realm, admin, null);
        assertThat(refused.status()).as(refused.raw().body()).isEqualTo(409);
        assertThat(refused.raw().body()).contains("legal hold");
        assertThat(Rest.admin("GET", realm, admin, null).status()).as("the realm is still there").isEqualTo(200);
        assertThat(entries(realm, "auth.login")).hasSize(2);

        assertThat(AuditApi.put(realm, "config", admin, "{\"legalHold\":false}").status()).isEqualTo(200);
        assertThat(Rest.admin("DELETE", realm, admin, null).status()).isEqualTo(204);
    }

    @Test
    void deletingAnAuditedRealmLeavesATombstoneInTheMasterLog() throws InterruptedException {
        String realm = audited("doomed", 3);
        String realmId = Admin.master().realm(realm).toRepresentation().getId();
        for (int i = 0; i < 100 && AuditApi.get(realm, "verify?full=true", Tokens.masterAdmin()).body()
                .path("entriesNotYetSealed").asLong() > 0; i++) {
            Thread.sleep(200);
        }
        assertThat(Rest.admin("DELETE", realm, Tokens.masterAdmin(), null).status()).isEqualTo(204);

        // master does not enable the listener; the tombstone is written all the same.
        assertThat(Admin.master().realm("master").toRepresentation().getEventsListeners()).doesNotContain("audit-log");
        JsonNode tombstone = AuditApi.newest("master", Tokens.masterAdmin(), e -> e.path("action").asText()
                .equals("audit.realm.deleted") && realmId.equals(e.path("resource").path("id").asText()));
        assertThat(tombstone.path("resource").path("name").asText()).isEqualTo(realm);
        assertThat(tombstone.path("actor").path("username").asText()).isEqualTo("admin");
        assertThat(tombstone.path("details").path("entries").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(tombstone.path("details").path("lastSeal").asText()).startsWith("seal ");
    }

    /** An audited realm's rows go with it, organization tags included, which no foreign key deletes for it. */
    @Test
    void deletingARealmLeavesNoneOfItsEntryRowsBehind() {
        Sql.assumeReachable();
        String realm = audited("gone", 2);
        String realmId = Admin.master().realm(realm).toRepresentation().getId();
        Object entry = Sql.query("SELECT ID FROM AUDIT_ENTRY WHERE REALM_ID = ?", realmId).get(0).get(0);
        Sql.update("INSERT INTO AUDIT_ENTRY_ORG (ENTRY_ID, ORG_ID, REALM_ID, EVENT_TIME) VALUES (?, 'org-gone', ?, 0)",
                entry, realmId);
        assertThat(rows("AUDIT_ENTRY_ORG", realmId)).isEqualTo(1);

        assertThat(Rest.admin("DELETE", realm, Tokens.masterAdmin(), null).status()).isEqualTo(204);
        for (String table : List.of("AUDIT_ENTRY", "AUDIT_ENTRY_CHAIN", "AUDIT_ENTRY_ORG")) {
            assertThat(rows(table, realmId)).as(table).isZero();
        }
        assertThat(Sql.query("SELECT COUNT(*) FROM AUDIT_ENTRY_ORG WHERE ENTRY_ID = ?", entry).get(0).get(0))
                .isInstanceOfSatisfying(Number.class, n -> assertThat(n.longValue()).isZero());
    }

    private static long rows(String table, String realmId) {
        return ((Number) Sql.query("SELECT COUNT(*) FROM " + table + " WHERE REALM_ID = ?", realmId).get(0).get(0))
                .longValue();
    }

    @Test
    void removingTheListenerOrACategoryIsRecordedBeforeCaptureStops() {
        String realm = audited("gappy", 1);
        String admin = Tokens.masterAdmin();

        // Through the events configuration, as the console's Events tab saves it.
        JsonNode events = Rest.admin("GET", realm + "/events/config", admin, null).body();
        ((com.fasterxml.jackson.databind.node.ObjectNode) events).putArray("eventsListeners").add("jboss-logging");
        assertThat(Rest.admin("PUT", realm + "/events/config", admin, events.toString()).status()).isEqualTo(204);
        JsonNode off = AuditApi.newest(realm, admin, e -> e.path("action").asText().equals("audit.capture.disabled"));
        assertThat(off.path("actor").path("username").asText()).isEqualTo("admin");
        Tokens.password(realm, "app", "uma", "uma").accessToken();
        assertThat(entries(realm, "auth.login")).as("nothing is captured while off").hasSize(1);

        // Back on through a full realm update, which Keycloak sends only to the listeners the realm had: the
        // maintenance timer finds the switch.
        assertThat(Rest.admin("PUT", realm, admin, "{\"eventsListeners\":[\"jboss-logging\",\"audit-log\"]}").status())
                .isEqualTo(204);
        JsonNode on = AuditApi.await(realm, admin, e -> e.path("action").asText().equals("audit.capture.enabled"));
        assertThat(on.path("details").path("detectedBy").asText()).isEqualTo("maintenance");
        assertThat(on.path("time").asLong()).isGreaterThan(off.path("time").asLong());
        // Off again through a full realm update: recorded with the change.
        assertThat(Rest.admin("PUT", realm, admin, "{\"eventsListeners\":[\"jboss-logging\"]}").status())
                .isEqualTo(204);
        assertThat(entries(realm, "audit.capture.disabled")).hasSize(2);
        assertThat(Rest.admin("PUT", realm, admin, "{\"eventsListeners\":[\"audit-log\"]}").status())
                .isEqualTo(204);

        // A captured category turned off.
        assertThat(AuditApi.put(realm, "config", admin, "{\"categories\":[\"authentication\",\"users\",\"audit\"]}")
                .status()).isEqualTo(200);
        JsonNode removed = AuditApi.newest(realm, admin,
                e -> e.path("action").asText().equals("audit.capture.category.removed"));
        assertThat(removed.path("details").path("categories").toString()).contains("credentials", "clients")
                .doesNotContain("users");

        // verify lists each period capture was off: the listener twice (closed), the categories (still open).
        JsonNode report = AuditApi.get(realm, "verify?full=true", admin).body();
        List<String> periods = new java.util.ArrayList<>();
        report.path("captureOff").forEach(p -> periods.add(p.path("what").asText() + ":" + p.path("from").asLong()
                + ":" + (p.hasNonNull("to") ? p.path("to").asLong() : "open")));
        assertThat(periods).as(report.toString())
                .contains("all:" + off.path("time").asLong() + ":" + on.path("time").asLong())
                .contains("credentials:" + removed.path("time").asLong() + ":open",
                        "clients:" + removed.path("time").asLong() + ":open")
                .filteredOn(p -> p.startsWith("all:")).hasSize(2);
        assertThat(Rest.admin("DELETE", realm, admin, null).status()).isEqualTo(204);
    }
}
