package dev.kcaudit.resilience.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.resilience.support.Database;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Load's record against the audit log and Keycloak's own tables: a change the client saw confirmed has exactly one
 * entry; a refused or never-sent one has none; an in-flight one has an entry exactly when Keycloak's tables show
 * the change. No entry is left over that no request explains.
 */
public final class Reconciliation {

    /** Counts for the report: how many of each kind, and how many the kill caught in flight. */
    public record Figures(long confirmed, long refused, long inFlight, long inFlightCommitted, long logins,
                          long loginsInFlight) {
    }

    private final Database db;
    private final String realmId;
    private final String prefix;

    public Reconciliation(Database db, String realmId, String prefix) {
        this.db = db;
        this.realmId = realmId;
        this.prefix = prefix;
    }

    public Figures check(List<AdminOp> ops, List<LoginOp> logins, List<JsonNode> entries) {
        Map<String, String> users = new HashMap<>();
        db.query("SELECT USERNAME, ID FROM USER_ENTITY WHERE REALM_ID = ?", realmId)
                .forEach(r -> users.put((String) r.get(0), (String) r.get(1)));
        Set<String> markers = new HashSet<>();
        db.query("SELECT LAST_NAME FROM USER_ENTITY WHERE REALM_ID = ? AND LAST_NAME IS NOT NULL", realmId)
                .forEach(r -> markers.add((String) r.get(0)));

        List<JsonNode> ours = entries.stream().filter(e -> e.path("resource").path("name").asText().startsWith(prefix))
                .toList();
        long expectedEntries = 0;
        long inFlight = 0;
        long inFlightCommitted = 0;
        for (AdminOp op : ops) {
            boolean committed = switch (op.outcome()) {
                case CONFIRMED -> true;
                case REFUSED, NOT_SENT -> false;
                // The last operation of its thread: nothing later touched the user, so its tables tell.
                case IN_FLIGHT -> switch (op.kind()) {
                    case CREATE -> users.containsKey(op.username());
                    case UPDATE -> markers.contains(op.marker());
                    case DELETE -> !users.containsKey(op.username());
                };
            };
            if (op.outcome() == Outcome.IN_FLIGHT) {
                inFlight++;
                inFlightCommitted += committed ? 1 : 0;
            }
            long found = ours.stream().filter(e -> matches(op, e)).count();
            assertThat(found).as("entries for %s (%s)", op, committed ? "committed" : "not committed")
                    .isEqualTo(committed ? 1 : 0);
            expectedEntries += committed ? 1 : 0;
        }
        assertThat(ours).as("entries no request explains").hasSize((int) expectedEntries);
        checkLogins(logins, entries);
        return new Figures(ops.stream().filter(o -> o.outcome() == Outcome.CONFIRMED).count(),
                ops.stream().filter(o -> o.outcome() == Outcome.REFUSED).count(), inFlight, inFlightCommitted,
                logins.stream().filter(l -> l.outcome() == Outcome.CONFIRMED).count(),
                logins.stream().filter(l -> l.outcome() == Outcome.IN_FLIGHT).count());
    }

    private static boolean matches(AdminOp op, JsonNode e) {
        String action = e.path("action").asText();
        return switch (op.kind()) {
            case CREATE -> action.equals("user.created") && e.path("resource").path("name").asText().equals(op.username());
            case UPDATE -> action.equals("user.updated") && e.path("changes").toString().contains(op.marker());
            case DELETE -> action.equals("user.deleted") && e.path("resource").path("id").asText().equals(op.userId());
        };
    }

    /**
     * Every confirmed login has exactly one {@code auth.login} entry with its session; other login entries of the
     * load's users can only be logins that were in flight, at most one per login thread.
     */
    private static void checkLogins(List<LoginOp> logins, List<JsonNode> entries) {
        Set<String> loginUsers = new HashSet<>();
        logins.forEach(l -> loginUsers.add(l.username()));
        Map<String, Integer> bySession = new HashMap<>();
        List<JsonNode> loginEntries = new ArrayList<>();
        for (JsonNode e : entries) {
            if (e.path("action").asText().equals("auth.login")
                    && loginUsers.contains(e.path("resource").path("name").asText())) {
                loginEntries.add(e);
                bySession.merge(e.path("sessionId").asText(), 1, Integer::sum);
            }
        }
        Set<String> confirmed = new HashSet<>();
        for (LoginOp l : logins) {
            if (l.outcome() == Outcome.CONFIRMED) {
                confirmed.add(l.sessionId());
                assertThat(bySession.getOrDefault(l.sessionId(), 0)).as("login entries for session of %s", l)
                        .isEqualTo(1);
            }
        }
        long unexplained = loginEntries.stream().filter(e -> !confirmed.contains(e.path("sessionId").asText())).count();
        long inFlight = logins.stream().filter(l -> l.outcome() == Outcome.IN_FLIGHT).count();
        assertThat(unexplained).as("login entries of logins the client never saw succeed").isLessThanOrEqualTo(inFlight);
    }
}
