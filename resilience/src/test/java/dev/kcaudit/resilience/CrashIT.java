package dev.kcaudit.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.resilience.load.Load;
import dev.kcaudit.resilience.load.Reconciliation;
import dev.kcaudit.resilience.support.Api;
import dev.kcaudit.resilience.support.Checks;
import dev.kcaudit.resilience.support.Database;
import dev.kcaudit.resilience.support.DemoRealm;
import dev.kcaudit.resilience.support.FeedReader;
import dev.kcaudit.resilience.support.KeycloakNode;
import dev.kcaudit.resilience.support.SecretRotations;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of Keycloak under logins and admin changes, then a restart on the same database: the log holds
 * exactly the changes that committed, each once; the feed from the start delivers every entry once; each entry was judged
 * by the signal rules exactly once; the log verifies.
 */
class CrashIT {

    private static final String PREFIX = "crash";
    private static Database db;
    private static KeycloakNode node;

    @BeforeAll
    static void start() {
        db = Database.current();
        db.recreate();
        node = KeycloakNode.single("node-a", KeycloakNode.A, db).start(true);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    void afterKillNineEveryCommittedChangeHasExactlyOneEntryAndNothingElse() throws Exception {
        Api api = node.api();
        String realmId = DemoRealm.id(api);
        List<String> loginUsers = DemoRealm.loginUsers(api, "signin", 3);
        Load load = new Load(List.of(api), DemoRealm.NAME, PREFIX, 4, loginUsers).start();
        SecretRotations rotations = SecretRotations.start(List.of(api), "rotating-after-crash");
        // Long enough for a few hundred requests; the kill lands wherever the threads are.
        KeycloakNode.sleep(8_000);
        node.kill9();
        load.stop();
        rotations.stop();
        assertThat(load.confirmedAdminOps()).as("admin changes confirmed before the kill").isGreaterThan(20);

        node.start(false);
        List<JsonNode> feed = new FeedReader(List.of(api), DemoRealm.NAME).drain().received();
        Reconciliation.Figures figures = new Reconciliation(db, realmId, PREFIX + "-")
                .check(load.adminOps(), load.logins(), feed);
        Checks.feedIsExactlyOnce(feed, Checks.storedIds(db, realmId));
        // The signal rules judged every entry exactly once across the kill: one signal per committed rotation.
        int rotated = rotations.eachRotationRaisedExactlyOneSignal(db, realmId, () -> node.warnings(40));
        JsonNode report = Checks.verifiesWhenSealed(api, DemoRealm.NAME);
        System.out.printf("[resilience] %s kill -9: %s; feed %d entries; %d rotations, one signal each; verify %s%n",
                db.vendor(), figures, feed.size(), rotated, report);
    }
}
