package dev.kcaudit.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.store.jpa.DerivedColumns;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import dev.kcaudit.resilience.load.AdminOp;
import dev.kcaudit.resilience.load.Load;
import dev.kcaudit.resilience.load.Reconciliation;
import dev.kcaudit.resilience.support.Api;
import dev.kcaudit.resilience.support.Checks;
import dev.kcaudit.resilience.support.Database;
import dev.kcaudit.resilience.support.DemoRealm;
import dev.kcaudit.resilience.support.FeedReader;
import dev.kcaudit.resilience.support.KeycloakNode;
import dev.kcaudit.resilience.support.SecretRotations;
import dev.kcaudit.resilience.support.WebhookReceiver;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Keycloak nodes on one database, clustered (embedded Infinispan, jdbc-ping over loopback): load on both is
 * audited completely; a feed poller alternating between the nodes gets every entry once; retention, sealing and
 * export jobs run once per cluster; a member killed and restarted rejoins and the log still verifies; a log stream is
 * delivered by one node at a time, and when that node is killed mid-batch the other takes over and nothing is lost.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    /** Infinispan's view line, e.g. {@code ISPN000094: Received new cluster view for channel ISPN: [a|1] (2) [a, b]}. */
    private static final Pattern TWO_MEMBERS = Pattern.compile("ISPN000094: .*cluster view.*\\(2\\)");
    private static final String PREFIX = "cluster";

    private static Database db;
    private static KeycloakNode a;
    private static KeycloakNode b;
    private static String realmId;

    @BeforeAll
    static void start() {
        db = Database.current();
        db.recreate();
        a = KeycloakNode.clustered("node-a", KeycloakNode.A, db).start(true);
        // Not side by side: two Keycloaks starting together on an empty database race to create Liquibase's
        // DATABASECHANGELOG table and one of them dies ("relation databasechangelog already exists").
        b = KeycloakNode.clustered("node-b", KeycloakNode.B, db).start(false);
        realmId = DemoRealm.id(a.api());
    }

    @AfterAll
    static void stop() {
        for (KeycloakNode node : new KeycloakNode[] {b, a}) {
            if (node != null) {
                node.stop();
            }
        }
    }

    @Test
    @Order(1)
    void theTwoNodesFormOneCluster() {
        assertThat(TWO_MEMBERS.matcher(a.log()).find()).as("node A saw a view of two members:\n%s", a.tail(40)).isTrue();
        assertThat(TWO_MEMBERS.matcher(b.log()).find()).as("node B saw a view of two members:\n%s", b.tail(40)).isTrue();
    }

    @Test
    @Order(2)
    void loadOnBothNodesIsAuditedCompletelyAndAFeedAlternatingNodesGetsEachEntryOnce() throws Exception {
        List<String> loginUsers = DemoRealm.loginUsers(a.api(), "member", 4);
        FeedReader feed = new FeedReader(List.of(a.api(), b.api()), DemoRealm.NAME).startBackground();
        Load load = new Load(List.of(a.api(), b.api()), DemoRealm.NAME, PREFIX, 4, loginUsers).start();
        SecretRotations rotations = SecretRotations.start(List.of(a.api(), b.api()), "rotating-on-two-nodes");
        KeycloakNode.sleep(8_000);
        load.stop();
        rotations.stop();
        feed.stopBackground().drain();
        assertThat(feed.failures()).as("feed requests that failed under load").isEmpty();

        Set<String> nodes = load.adminOps().stream().map(AdminOp::node).collect(Collectors.toSet());
        assertThat(nodes).as("admin changes went to both nodes").hasSize(2);
        assertThat(load.adminOps()).as("no request failed").allMatch(o -> o.status() / 100 == 2);
        Reconciliation.Figures figures = new Reconciliation(db, realmId, PREFIX + "-")
                .check(load.adminOps(), load.logins(), feed.received());
        Checks.feedIsExactlyOnce(feed.received(), Checks.storedIds(db, realmId));
        // Both nodes sequence (the feed on either, their timers): each entry was judged once, by one of them.
        int rotated = rotations.eachRotationRaisedExactlyOneSignal(db, realmId,
                () -> a.warnings(20) + "\n" + b.warnings(20));
        System.out.printf("[resilience] %s cluster load: %s; feed %d entries in %d requests alternating nodes"
                + " (slowest %d ms); %d secret rotations on both nodes, one signal each%n", db.vendor(), figures,
                feed.received().size(), feed.requests(), feed.slowestMs(), rotated);
    }

    @Test
    @Order(3)
    void retentionPurgesEachSealOnceAndSealsDoNotFork() {
        Checks.verifiesWhenSealed(a.api(), DemoRealm.NAME);
        // Two seals of back-dated entries (each batch sealed on its own), then a fresh one.
        List<String> old = new ArrayList<>();
        for (int batch = 0; batch < 2; batch++) {
            old.addAll(insertOldEntries(5));
            Checks.verifiesWhenSealed(b.api(), DemoRealm.NAME);
        }
        assertThat(a.api().adminOrFail("POST", DemoRealm.NAME + "/users", "{\"username\":\"after-old\"}").status())
                .isEqualTo(201);
        Checks.verifiesWhenSealed(a.api(), DemoRealm.NAME);
        long sealsBefore = db.number("SELECT COUNT(*) FROM AUDIT_SEAL WHERE REALM_ID = ?", realmId);
        // A seal's time span leaves out the seal records it holds (copies of earlier seals), so the seals of the
        // back-dated batches are wholly expired, and their seal records go with them.
        List<Object> args = new ArrayList<>(List.of(realmId, realmId));
        args.addAll(old);
        long lost = old.size() + db.number("SELECT COUNT(*) FROM AUDIT_ENTRY e JOIN AUDIT_ENTRY_CHAIN c"
                + " ON c.ENTRY_ID = e.ID JOIN AUDIT_SEAL s ON s.REALM_ID = c.REALM_ID AND c.SEQ > s.PREV_LAST_SEQ"
                + " AND c.SEQ <= s.LAST_SEQ WHERE e.ACTION = 'audit.sealed' AND e.REALM_ID = ? AND s.SEAL_NO IN"
                + " (SELECT s2.SEAL_NO FROM AUDIT_SEAL s2 JOIN AUDIT_ENTRY_CHAIN c2 ON c2.REALM_ID = s2.REALM_ID"
                + " AND c2.SEQ > s2.PREV_LAST_SEQ AND c2.SEQ <= s2.LAST_SEQ WHERE s2.REALM_ID = ? AND c2.ENTRY_ID IN ("
                + old.stream().map(i -> "?").collect(Collectors.joining(",")) + "))", args.toArray());

        // Set on node B; whichever node's timer runs the purge must see it.
        assertThat(b.api().audit(DemoRealm.NAME, "PUT", "config", "{\"retentionDays\":1}").status()).isEqualTo(200);
        for (int i = 0; i < 120 && countOf(old) > 0; i++) {
            KeycloakNode.sleep(500);
        }
        assertThat(countOf(old)).as("back-dated entries purged").isZero();
        KeycloakNode.sleep(5_000); // several more timer rounds on both nodes: a second purge would show now

        List<List<Object>> purgedSeals = db.query("SELECT SEAL_NO, PURGED_COUNT FROM AUDIT_SEAL WHERE REALM_ID = ?"
                + " AND PURGED_TIME IS NOT NULL ORDER BY SEAL_NO", realmId);
        assertThat(purgedSeals.stream().mapToLong(r -> ((Number) r.get(1)).longValue()).sum())
                .as("entries the purged seals lost").isEqualTo(lost);
        Set<Long> purged = purgedSeals.stream().map(r -> ((Number) r.get(0)).longValue())
                .collect(Collectors.toCollection(TreeSet::new));
        List<JsonNode> purges = new ArrayList<>();
        a.api().auditGet(DemoRealm.NAME, "entries?action=audit.purged&max=100").path("entries").forEach(purges::add);
        List<Long> reported = new ArrayList<>();
        long reportedEntries = 0;
        for (JsonNode p : purges) {
            String[] range = p.path("details").path("seals").asText().split("-");
            for (long s = Long.parseLong(range[0]); s <= Long.parseLong(range[1]); s++) {
                reported.add(s);
            }
            reportedEntries += p.path("details").path("entries").asLong();
        }
        assertThat(reported).as("each purged seal in exactly one audit.purged entry: %s", purges)
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(purged);
        assertThat(reportedEntries).isEqualTo(lost);

        // One chain of seals: numbered 1..n without gaps, each starting where the previous one ended.
        List<List<Object>> seals = db.query("SELECT SEAL_NO, PREV_LAST_SEQ, LAST_SEQ FROM AUDIT_SEAL WHERE REALM_ID = ?"
                + " ORDER BY SEAL_NO", realmId);
        long lastSeq = 0;
        for (int i = 0; i < seals.size(); i++) {
            assertThat(((Number) seals.get(i).get(0)).longValue()).isEqualTo(i + 1);
            assertThat(((Number) seals.get(i).get(1)).longValue()).as("seal %d follows its predecessor", i + 1)
                    .isEqualTo(lastSeq);
            lastSeq = ((Number) seals.get(i).get(2)).longValue();
        }
        assertThat(seals.size()).isGreaterThanOrEqualTo((int) sealsBefore);
        JsonNode report = Checks.verifiesWhenSealed(b.api(), DemoRealm.NAME);
        assertThat(report.path("sealsPurged").asLong()).isEqualTo(purged.size());
        assertThat(b.api().audit(DemoRealm.NAME, "PUT", "config", "{\"retentionDays\":365}").status()).isEqualTo(200);
        System.out.printf("[resilience] %s cluster purge: seals %s purged by %d audit.purged entries%n", db.vendor(),
                purged, purges.size());
    }

    @Test
    @Order(4)
    void anExportJobRequestedOnOneNodeDownloadsFromTheOtherAndADeadNodesJobIsTakenOverOnce() throws Exception {
        Api.Reply created = a.api().audit(DemoRealm.NAME, "POST", "exports", "{\"name\":\"cluster\",\"format\":\"csv\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String id = created.json().path("id").asText();
        JsonNode job = finished(b.api(), id);
        byte[] fromB = downloaded(b.api(), id, job);
        assertThat(downloaded(a.api(), id, job)).isEqualTo(fromB);
        assertThat(new String(fromB, java.nio.charset.StandardCharsets.UTF_8)).contains(PREFIX + "-0-0");

        // A job left Running by a node that died: exactly one of the two live nodes resumes it.
        String orphan = UUID.randomUUID().toString();
        long old = System.currentTimeMillis() - 3_600_000;
        db.update("INSERT INTO AUDIT_EXPORT_JOB (ID, REALM_ID, NAME, FORMAT, FILE_NAME, PARAMS_JSON, REQUESTED_BY_ID,"
                        + " REQUESTED_BY, STATUS, ROW_COUNT, SIZE_BYTES, CHUNKS, ATTEMPTS, NODE, CREATED_TIME,"
                        + " STARTED_TIME, HEARTBEAT_TIME) SELECT ?, REALM_ID, 'orphan', FORMAT, FILE_NAME, PARAMS_JSON,"
                        + " REQUESTED_BY_ID, REQUESTED_BY, 'Running', 0, 0, 0, 1, 'a-node-that-died', ?, ?, ?"
                        + " FROM AUDIT_EXPORT_JOB WHERE ID = ?", orphan, old, old, old, id);
        JsonNode resumed = finished(a.api(), orphan);
        assertThat(resumed.path("status").asText()).isEqualTo("Completed");
        assertThat(resumed.path("attempts").asInt()).as("taken over once, not by both nodes").isEqualTo(2);
        assertThat(db.number("SELECT COUNT(*) FROM AUDIT_EXPORT_CHUNK WHERE JOB_ID = ?", orphan))
                .as("each chunk written once").isPositive()
                .isEqualTo(db.number("SELECT COUNT(DISTINCT CHUNK_NO) FROM AUDIT_EXPORT_CHUNK WHERE JOB_ID = ?", orphan));
        assertThat(downloaded(b.api(), orphan, resumed)).isNotEmpty();
    }

    @Test
    @Order(5)
    void aMemberKilledAndRestartedRejoinsAndTheLogStillVerifies() {
        long viewsBefore = TWO_MEMBERS.matcher(b.log()).results().count();
        a.kill9();
        assertThat(b.api().adminOrFail("POST", DemoRealm.NAME + "/users", "{\"username\":\"while-a-was-down\"}")
                .status()).as("the surviving node works on").isEqualTo(201);
        a.start(false);
        for (int i = 0; i < 60 && TWO_MEMBERS.matcher(b.log()).results().count() == viewsBefore; i++) {
            KeycloakNode.sleep(500);
        }
        assertThat(TWO_MEMBERS.matcher(b.log()).results().count()).as("B sees A back in a two-member view")
                .isGreaterThan(viewsBefore);
        assertThat(a.api().auditGet(DemoRealm.NAME, "entries?q=while-a-was-down").path("entries")).hasSize(1);
        JsonNode report = Checks.verifiesWhenSealed(a.api(), DemoRealm.NAME);
        assertThat(report.path("sealsPurged").asLong()).isPositive();
        Checks.feedIsExactlyOnce(new FeedReader(List.of(b.api(), a.api()), DemoRealm.NAME).drain().received(),
                Checks.storedIds(db, realmId));
    }

    @Test
    @Order(6)
    void aStreamIsDeliveredByOneNodeAtATimeAndWhenItsNodeIsKilledMidBatchNothingIsLost() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Api.Reply created = a.api().audit(DemoRealm.NAME, "POST", "streams", "{\"name\":\"failover\","
                    + "\"type\":\"webhook\",\"url\":\"" + receiver.url() + "\",\"batchSize\":10}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().path("id").asText();
            long position = created.json().path("status").path("position").asLong();
            List<String> loginUsers = DemoRealm.loginUsers(a.api(), "streamer", 2);
            Load load = new Load(List.of(a.api(), b.api()), DemoRealm.NAME, PREFIX + "-stream", 2, loginUsers).start();
            KeycloakNode.sleep(3_000);

            // The next batch is held open at the receiver; the node sending it is killed while it waits.
            receiver.holdNext();
            assertThat(receiver.awaitHeld(60)).as("a batch reached the receiver").isTrue();
            String owner = db.query("SELECT LEASE_OWNER FROM AUDIT_STREAM WHERE ID = ?", id).get(0).get(0).toString();
            KeycloakNode delivering = owner.startsWith(a.nodeNamePrefix()) ? a : b;
            KeycloakNode survivor = delivering == a ? b : a;
            assertThat(owner).as("the lease is held by one of the two nodes").startsWith(delivering.nodeNamePrefix());
            String deadNode = owner;
            delivering.kill9();
            receiver.release();
            load.stop();
            Load after = new Load(List.of(survivor.api()), DemoRealm.NAME, PREFIX + "-after", 1, loginUsers).start();
            KeycloakNode.sleep(3_000);
            after.stop();
            // The survivor, alone now, takes the lease when it expires and delivers everything so far.
            awaitDelivered(receiver, position);
            delivering.start(false);
            assertThat(delivering.api().adminOrFail("POST", DemoRealm.NAME + "/users",
                    "{\"username\":\"stream-after-restart\"}").status()).isEqualTo(201);
            List<String> expected = awaitDelivered(receiver, position);

            // Each entry's first arrival in sequence order; the only repeats are the entries of the batch held when
            // its node died (docs/streams.md, duplicate case 2); never two deliveries at once.
            List<String> received = receiver.ids();
            List<String> firstArrivals = received.stream().distinct().filter(expected::contains).toList();
            assertThat(firstArrivals).as("first arrivals in sequence order").isEqualTo(expected);
            Set<String> seen = new HashSet<>();
            Set<String> repeated = received.stream().filter(i -> !seen.add(i)).collect(Collectors.toSet());
            assertThat(receiver.heldIds()).as("the held batch").isNotEmpty();
            assertThat(repeated).as("repeats only from the batch in flight when its node died")
                    .isSubsetOf(receiver.heldIds());
            assertThat(receiver.mostInFlight()).as("one node delivers at a time").isEqualTo(1);
            JsonNode attempts = survivor.api().auditGet(DemoRealm.NAME, "streams/" + id + "/attempts");
            assertThat(attempts.findValuesAsText("node")).as("the survivor delivered")
                    .anyMatch(n -> n.startsWith(survivor.nodeNamePrefix()));
            assertThat(survivor.api().audit(DemoRealm.NAME, "DELETE", "streams/" + id, null).status()).isEqualTo(204);
            System.out.printf("[resilience] %s stream failover: %d entries, %d repeated of the %d held when %s died%n",
                    db.vendor(), expected.size(), repeated.size(), receiver.heldIds().size(), deadNode);
        }
    }

    /** Once every entry is numbered: the ids after {@code position} in sequence order, all at the receiver. */
    private List<String> awaitDelivered(WebhookReceiver receiver, long position) {
        for (int i = 0; i < 120 && db.number("SELECT COUNT(*) FROM AUDIT_ENTRY_CHAIN WHERE REALM_ID = ?"
                + " AND SEQ IS NULL", realmId) > 0; i++) {
            KeycloakNode.sleep(500);
        }
        List<String> expected = db.query("SELECT ENTRY_ID FROM AUDIT_ENTRY_CHAIN WHERE REALM_ID = ? AND SEQ > ?"
                + " ORDER BY SEQ", realmId, position).stream().map(r -> r.get(0).toString()).toList();
        for (int i = 0; i < 120 && !receiver.ids().containsAll(expected); i++) {
            KeycloakNode.sleep(500);
        }
        assertThat(receiver.ids()).as("every entry numbered after the stream's start").containsAll(expected);
        return expected;
    }

    private List<String> insertOldEntries(int count) {
        long old = System.currentTimeMillis() - 10L * 86_400_000L;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            db.update("INSERT INTO AUDIT_ENTRY (ID, REALM_ID, EVENT_TIME, CATEGORY, ACTION, OUTCOME, ACTOR_TYPE, SOURCE,"
                    + " SEARCH_TEXT) VALUES (?, ?, ?, 'authentication', 'auth.login', 'success', 'anonymous', 'login', ?)",
                    id, realmId, old + i, searchText(id, old + i));
            db.update("INSERT INTO AUDIT_ENTRY_CHAIN (ENTRY_ID, REALM_ID) VALUES (?, ?)", id, realmId);
        }
        return ids;
    }

    /** The search text the store derives for such an entry: verify recomputes it and reports anything else. */
    private String searchText(String id, long time) {
        AuditEntryEntity row = new AuditEntryEntity();
        row.setId(id);
        row.setRealmId(realmId);
        row.setTime(time);
        row.setCategory("authentication");
        row.setAction("auth.login");
        row.setOutcome("success");
        row.setActorType("anonymous");
        row.setSource("login");
        return DerivedColumns.of(row).searchText();
    }

    private long countOf(List<String> ids) {
        return db.number("SELECT COUNT(*) FROM AUDIT_ENTRY WHERE ID IN ("
                + ids.stream().map(i -> "?").collect(Collectors.joining(",")) + ")", ids.toArray());
    }

    private static JsonNode finished(Api api, String id) {
        for (int i = 0; i < 240; i++) {
            JsonNode job = api.auditGet(DemoRealm.NAME, "exports/" + id);
            if (Set.of("Completed", "Failed").contains(job.path("status").asText())) {
                assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("Completed");
                return job;
            }
            KeycloakNode.sleep(250);
        }
        throw new AssertionError("export job " + id + " did not finish");
    }

    private static byte[] downloaded(Api api, String id, JsonNode job) throws Exception {
        HttpResponse<byte[]> file = api.download(DemoRealm.NAME, "exports/" + id + "/download");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file.body())))
                .isEqualTo(job.path("sha256").asText());
        return file.body();
    }
}
