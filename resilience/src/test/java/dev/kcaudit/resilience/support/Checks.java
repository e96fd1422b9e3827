package dev.kcaudit.resilience.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Checks every scenario ends with: the feed against the table, and a log that verifies. */
public final class Checks {

    private Checks() {
    }

    /** The ids of the realm's entries, straight from the table. */
    public static Set<String> storedIds(Database db, String realmId) {
        // Seal records (one per seal, written whenever the sealer runs) are left out on both sides: the sealer may write
        // one after the feed was drained. Everything else must match exactly.
        return db.query("SELECT ID FROM AUDIT_ENTRY WHERE REALM_ID = ? AND ACTION <> 'audit.sealed'", realmId).stream()
                .map(r -> (String) r.get(0)).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The feed returned each id once, and exactly the ids stored. */
    public static void feedIsExactlyOnce(List<JsonNode> feed, Set<String> stored) {
        Map<String, Integer> seen = new HashMap<>();
        feed.forEach(e -> seen.merge(e.path("id").asText(), 1, Integer::sum));
        Set<String> repeated = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        assertThat(repeated).as("entries the feed delivered more than once").isEmpty();
        Set<String> activity = feed.stream().filter(e -> !"audit.sealed".equals(e.path("action").asText()))
                .map(e -> e.path("id").asText()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(activity).as("the feed delivers exactly the stored entries").isEqualTo(stored);
        long previous = 0;
        for (JsonNode e : feed) {
            long seq = e.path("integrity").path("seq").asLong();
            assertThat(seq).as("feed order is commit order (seq of %s)", e.path("id").asText()).isGreaterThan(previous);
            previous = seq;
        }
    }

    /** Waits until everything is sealed, then requires {@code verify} to find no problem; returns the report. */
    public static JsonNode verifiesWhenSealed(Api api, String realm) {
        JsonNode report = null;
        for (int i = 0; i < 120; i++) {
            report = api.auditGet(realm, "verify?full=true");
            if (report.path("entriesNotYetSealed").asLong() == 0) {
                break;
            }
            KeycloakNode.sleep(500);
        }
        assertThat(report.path("entriesNotYetSealed").asLong()).as("unsealed after 60 s: %s", report).isZero();
        assertThat(report.path("verified").asBoolean()).as("verify: %s", report).isTrue();
        assertThat(report.path("problems")).as("verify problems").isEmpty();
        return report;
    }
}
