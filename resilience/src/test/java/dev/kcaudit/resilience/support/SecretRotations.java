package dev.kcaudit.resilience.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A thread that rotates one client's secret over and over, through the nodes in turn. Each rotation that commits is
 * one {@code client.secret.rotated} entry, and the {@code secret-changed} rule raises exactly one signal for each
 * (it has no quiet window), as for the client's creation, which set its first secret: so every such entry must be
 * the trigger of exactly one signal, whatever crashed or
 * however many nodes sequenced (docs/signals.md, "Exactly once").
 */
public final class SecretRotations {

    private final List<Api> apis;
    private final String clientId;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger confirmed = new AtomicInteger();
    private final Thread thread;

    private SecretRotations(List<Api> apis, String clientId) {
        this.apis = apis;
        this.clientId = clientId;
        this.thread = new Thread(this::rotate, "secret-rotations");
    }

    /** Creates a confidential client named {@code name} and starts rotating its secret. */
    public static SecretRotations start(List<Api> apis, String name) {
        Api.Reply created = apis.get(0).adminOrFail("POST", DemoRealm.NAME + "/clients", "{\"clientId\":\"" + name
                + "\",\"publicClient\":false,\"serviceAccountsEnabled\":false,\"standardFlowEnabled\":false}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        SecretRotations rotations = new SecretRotations(apis, created.createdId());
        rotations.thread.start();
        return rotations;
    }

    private void rotate() {
        for (int i = 0; running.get(); i++) {
            try {
                Api.Reply reply = apis.get(i % apis.size()).admin("POST", DemoRealm.NAME + "/clients/" + clientId
                        + "/client-secret", null);
                if (reply.status() / 100 == 2) {
                    confirmed.incrementAndGet();
                }
            } catch (IOException | RuntimeException e) {
                KeycloakNode.sleep(200); // the node is down (killed on purpose): try again shortly
            }
        }
    }

    /** Stops rotating; the rotations the server confirmed. */
    public int stop() throws InterruptedException {
        running.set(false);
        thread.join(30_000);
        return confirmed.get();
    }

    /**
     * Once every entry is numbered (judged): each rotation entry of the client triggered exactly one signal, and each
     * of the client's signals was triggered by one rotation. Returns the number of rotations. {@code warnings}: what
     * the nodes warned of, for the message if entries stay unnumbered.
     */
    public int eachRotationRaisedExactlyOneSignal(Database db, String realmId, Supplier<String> warnings) {
        // Judged on the count the wait saw last: the sealer keeps adding seal records, each unnumbered for a moment,
        // so a second count could catch one written after the wait ended.
        long unnumbered = db.number("SELECT COUNT(*) FROM AUDIT_ENTRY_CHAIN WHERE SEQ IS NULL");
        for (int i = 0; i < 240 && unnumbered > 0; i++) {
            KeycloakNode.sleep(250);
            unnumbered = db.number("SELECT COUNT(*) FROM AUDIT_ENTRY_CHAIN WHERE SEQ IS NULL");
        }
        assertThat(unnumbered)
                .as(() -> "unnumbered entries: " + unnumbered(db) + "; the nodes' last warnings:\n" + warnings.get())
                .isZero();
        Set<String> rotations = new HashSet<>();
        db.query("SELECT ID FROM AUDIT_ENTRY WHERE REALM_ID = ? AND ACTION = 'client.secret.rotated'"
                + " AND RESOURCE_ID = ?", realmId, clientId).forEach(r -> rotations.add((String) r.get(0)));
        Map<String, Integer> signalsPerTrigger = new HashMap<>();
        List<List<Object>> signals = db.query("SELECT DETAILS_JSON FROM AUDIT_ENTRY WHERE REALM_ID = ?"
                + " AND ACTION = 'signal.secret-changed' AND RESOURCE_ID = ?", realmId, clientId);
        for (List<Object> row : signals) {
            JsonNode triggers = read(String.valueOf(row.get(0))).path("triggers");
            assertThat(triggers.size()).as("triggers of one secret-changed signal").isEqualTo(1);
            signalsPerTrigger.merge(triggers.get(0).asText(), 1, Integer::sum);
        }
        assertThat(rotations).as("rotations committed").isNotEmpty();
        // Creating the client set its first secret: that is one more secret-changed signal, about its creation.
        Set<String> expected = new HashSet<>(rotations);
        db.query("SELECT ID FROM AUDIT_ENTRY WHERE REALM_ID = ? AND ACTION = 'client.created' AND RESOURCE_ID = ?",
                realmId, clientId).forEach(r -> expected.add((String) r.get(0)));
        assertThat(expected).as("rotations and the creation").hasSize(rotations.size() + 1);
        assertThat(signalsPerTrigger.keySet()).as("signals whose trigger is a committed rotation (or the creation)")
                .isEqualTo(expected);
        assertThat(signalsPerTrigger.values()).as("signals per rotation").allMatch(n -> n == 1);
        return rotations.size();
    }

    /** The unnumbered chain rows with their entries (or none, if the entry row is missing), for a failure's message. */
    private static List<List<Object>> unnumbered(Database db) {
        return db.query("SELECT c.ENTRY_ID, c.REALM_ID, e.ACTION, e.EVENT_TIME FROM AUDIT_ENTRY_CHAIN c"
                + " LEFT JOIN AUDIT_ENTRY e ON e.ID = c.ENTRY_ID WHERE c.SEQ IS NULL");
    }

    private static JsonNode read(String json) {
        try {
            return Api.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(json, e);
        }
    }
}
