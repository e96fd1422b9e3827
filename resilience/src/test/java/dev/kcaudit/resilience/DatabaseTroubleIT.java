package dev.kcaudit.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcaudit.resilience.load.Load;
import dev.kcaudit.resilience.support.Api;
import dev.kcaudit.resilience.support.Checks;
import dev.kcaudit.resilience.support.Database;
import dev.kcaudit.resilience.support.DemoRealm;
import dev.kcaudit.resilience.support.Faults;
import dev.kcaudit.resilience.support.FeedReader;
import dev.kcaudit.resilience.support.KeycloakNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The audit table gone, full or slow: what admin changes and logins do, and that nothing is left half-done. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseTroubleIT {

    private static Database db;
    private static Faults faults;
    private static KeycloakNode node;
    private static Api api;
    private static String realmId;
    private static List<String> loginUsers;

    @BeforeAll
    static void start() {
        db = Database.current();
        db.recreate();
        faults = new Faults(db);
        node = KeycloakNode.single("node-a", KeycloakNode.A, db).start(true);
        api = node.api();
        realmId = DemoRealm.id(api);
        loginUsers = DemoRealm.loginUsers(api, "trouble-login", 2);
        try {
            assertThat(api.login(DemoRealm.NAME, "demo-app", loginUsers.get(0), Load.PASSWORD).status()).isEqualTo(200);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.stop();
        }
    }

    @AfterEach
    void repair() {
        faults.clear();
    }

    @Test
    @Order(1)
    void withTheAuditTableGone() throws Exception {
        faults.hideEntryTable();
        try {
            refused("gone");
        } finally {
            faults.restoreEntryTable();
        }
        worksAgain("gone");
    }

    @Test
    @Order(2)
    void withTheAuditTableFull() throws Exception {
        faults.fillEntryTable();
        refused("full");
        faults.clear();
        worksAgain("full");
    }

    @Test
    @Order(3)
    void withASlowDatabase() throws Exception {
        faults.slowEntryInserts(3);
        long start = System.currentTimeMillis();
        Api.Reply created = api.admin("POST", DemoRealm.NAME + "/users", "{\"username\":\"trouble-slow\"}");
        long took = System.currentTimeMillis() - start;
        Api.Reply login = api.login(DemoRealm.NAME, "demo-app", loginUsers.get(0), Load.PASSWORD);
        long loginTook = System.currentTimeMillis() - start - took;
        System.out.printf("[resilience] %s slow: create %d in %d ms, login %d in %d ms%n", db.vendor(),
                created.status(), took, login.status(), loginTook);
        assertThat(created.status()).isEqualTo(201);
        assertThat(took).as("the change waited for its entry").isGreaterThanOrEqualTo(3_000);
        assertThat(login.status()).as("the login waited and succeeded").isEqualTo(200);
        assertThat(loginTook).as("the login waited for its entry").isGreaterThanOrEqualTo(3_000);
        faults.clear();
        assertThat(entriesNamed("trouble-slow")).isEqualTo(1);
    }

    @Test
    @Order(4)
    void afterTheTroubleTheFeedAndTheChainAreWhole() {
        Checks.feedIsExactlyOnce(new FeedReader(List.of(api), DemoRealm.NAME).drain().received(),
                Checks.storedIds(db, realmId));
        Checks.verifiesWhenSealed(api, DemoRealm.NAME);
    }

    /**
     * An admin change fails and is not applied (Keycloak answers 500 for a create and its own 400 "Could not update
     * user!" for an update: both roll back). A login fails too (500): its entry is inserted when the login's
     * transaction commits, the insert fails and the login rolls back with it (docs/resilience.md).
     */
    private void refused(String fault) throws Exception {
        String username = "trouble-" + fault;
        Api.Reply created = api.admin("POST", DemoRealm.NAME + "/users", "{\"username\":\"" + username + "\"}");
        String existing = loginUsers.get(1);
        String existingId = userId(existing);
        Api.Reply updated = api.admin("PUT", DemoRealm.NAME + "/users/" + existingId,
                "{\"username\":\"" + existing + "\",\"attributes\":{\"fault\":[\"" + fault + "\"]}}");
        String loginId = userId(loginUsers.get(0));
        long sessions = sessionsOf(loginId);
        assertThat(sessions).as("Keycloak keeps this user's earlier session in the table").isPositive();
        Api.Reply login = api.login(DemoRealm.NAME, "demo-app", loginUsers.get(0), Load.PASSWORD);
        System.out.printf("[resilience] %s %s: create %d %s; update %d; login %d %s%n", db.vendor(), fault,
                created.status(), created.body(), updated.status(), login.status(),
                login.status() == 200 ? "" : login.body());
        assertThat(created.status()).as("creating a user while the audit table is %s", fault).isGreaterThanOrEqualTo(500);
        assertThat(userId(username)).as("the user was not created").isNull();
        assertThat(updated.status()).as("updating a user while the audit table is %s", fault).isBetween(400, 599);
        assertThat(db.number("SELECT COUNT(*) FROM USER_ATTRIBUTE WHERE USER_ID = ? AND NAME = 'fault'", existingId))
                .as("the update was not applied").isZero();
        assertThat(login.status()).as("a login while the audit table is %s", fault).isEqualTo(500);
        assertThat(sessionsOf(loginId)).as("the failed login left no session").isEqualTo(sessions);
    }

    private long sessionsOf(String userId) {
        return db.number("SELECT COUNT(*) FROM OFFLINE_USER_SESSION WHERE USER_ID = ?", userId);
    }

    private void worksAgain(String fault) throws Exception {
        String username = "trouble-after-" + fault;
        assertThat(api.admin("POST", DemoRealm.NAME + "/users", "{\"username\":\"" + username + "\"}").status())
                .isEqualTo(201);
        assertThat(api.login(DemoRealm.NAME, "demo-app", loginUsers.get(0), Load.PASSWORD).status()).isEqualTo(200);
        assertThat(entriesNamed(username)).isEqualTo(1);
        assertThat(entriesNamed("trouble-" + fault)).as("no entry for the refused change").isZero();
    }

    private String userId(String username) {
        List<List<Object>> rows = db.query("SELECT ID FROM USER_ENTITY WHERE REALM_ID = ? AND USERNAME = ?", realmId,
                username);
        return rows.isEmpty() ? null : (String) rows.get(0).get(0);
    }

    private long entriesNamed(String name) {
        return db.number("SELECT COUNT(*) FROM AUDIT_ENTRY WHERE REALM_ID = ? AND RESOURCE_NAME = ?", realmId, name);
    }
}
