package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcaudit.audit.feed.OcsfValidator;
import dev.kcaudit.audit.it.support.Admin;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Sql;
import dev.kcaudit.audit.it.support.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/** The SIEM feed: exactly once under concurrent writers and late commits, bounded windows, formats, limits, scope. */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class FeedIT {

    private static final String DEMO = DemoRealmConfig.REALM;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    private static String siemToken() {
        return Tokens.clientCredentials(DEMO, "siem-reader", "siem-demo-secret").accessToken();
    }

    /** A poller as a SIEM runs one: follows next, honours 429, remembers everything it received in order. */
    private static final class Poller {
        final List<String> received = new ArrayList<>();
        final String token = siemToken();
        String next;

        Poller(long since) {
            next = "feed?limit=50&since=" + Instant.ofEpochMilli(since);
        }

        /** One request; true when the page was full (more is waiting). */
        boolean poll() throws Exception {
            AuditApi.Reply reply = AuditApi.get(DEMO, next, token);
            if (reply.status() == 429) {
                Thread.sleep(1000L * Long.parseLong(reply.raw().headers().firstValue("Retry-After").orElseThrow()));
                return true;
            }
            assertThat(reply.status()).as("feed: %s", reply.body()).isEqualTo(200);
            reply.body().path("entries").forEach(e -> received.add(e.path("id").asText()));
            String cursor = reply.body().path("next").asText();
            assertThat(cursor).isNotBlank();
            assertThat(reply.raw().headers().firstValue("Link").orElseThrow()).contains("after=" + cursor)
                    .endsWith("rel=\"next\"");
            next = "feed?limit=50&after=" + cursor;
            return reply.body().path("hasMore").asBoolean();
        }

        void drain() throws Exception {
            while (poll()) {
                // keep reading while pages are full
            }
        }
    }

    /** Every demo entry from {@code since} on, as GET entries lists them (ascending, all pages): the activity. */
    private static Set<String> allEntriesSince(long since, String token) {
        return listed(since, "", token);
    }

    /**
     * The seal records from {@code since} on, which lists show only when asked for: the feed carries them too, and
     * they come whenever the sealer runs, so the comparisons leave them out after checking the feed had some.
     */
    private static Set<String> sealRecordsSince(long since, String token) {
        return listed(since, "&action=audit.sealed", token);
    }

    private static Set<String> listed(long since, String filter, String token) {
        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            AuditApi.Reply page = AuditApi.get(DEMO, "entries?max=1000&order=asc&from=" + Instant.ofEpochMilli(since)
                    + "&to=" + Instant.now().plusSeconds(60) + filter + (cursor == null ? "" : "&cursor=" + cursor),
                    token);
            page.body().path("entries").forEach(e -> ids.add(e.path("id").asText()));
            cursor = page.body().path("next").isTextual() ? page.body().path("next").asText() : null;
        } while (cursor != null);
        return ids;
    }

    @Test
    void aPollerReceivesEveryCommittedEntryExactlyOnceUnderConcurrentWritersAndLateCommits() throws Exception {
        long since = System.currentTimeMillis() - 1_000;
        Poller poller = new Poller(since);
        AtomicBoolean stop = new AtomicBoolean();
        Set<String> rolledBack = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Future<?>> writers = new ArrayList<>();
        for (String user : List.of("alice", "bob")) {
            writers.add(pool.submit(() -> {
                while (!stop.get()) {
                    Tokens.password(DEMO, "demo-app", user, DemoRealmConfig.PASSWORD);
                    Tokens.password(DEMO, "demo-app", user, "wrong-password");
                }
                return null;
            }));
        }
        writers.add(pool.submit(() -> {
            for (int i = 0; !stop.get(); i++) {
                GroupRepresentation group = new GroupRepresentation();
                group.setName("feed-load-" + UUID.randomUUID());
                Admin.demo().groups().add(group).close();
            }
            return null;
        }));
        boolean sql = "remote".equals(System.getProperty("kc.test.database"));
        if (sql) {
            // Slow transactions: a row written now commits seconds later, after many newer rows; others never commit.
            writers.add(pool.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    slowTransaction(i % 3 != 2, rolledBack);
                }
                return null;
            }));
        }
        long end = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < end) {
            poller.poll();
            Thread.sleep(100);
        }
        stop.set(true);
        for (Future<?> writer : writers) {
            writer.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        String auditor = Tokens.demoUser("auditor");
        Thread.sleep(1_500);
        poller.drain();
        Set<String> expected = allEntriesSince(since, auditor);
        poller.drain();

        Set<String> unique = new HashSet<>(poller.received);
        assertThat(poller.received).as("no entry delivered twice").hasSize(unique.size());
        Set<String> seals = sealRecordsSince(since, auditor);
        assertThat(unique).as("the feed carries the seal records").containsAnyElementsOf(seals);
        unique.removeAll(seals);
        assertThat(unique).as("exactly the committed entries").isEqualTo(expected);
        assertThat(unique.size()).isGreaterThan(100);
        if (sql) {
            assertThat(rolledBack).isNotEmpty();
            assertThat(unique).as("nothing that rolled back").doesNotContainAnyElementsOf(rolledBack);
        }
    }

    private String searchText(String id, long time) {
        dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity row = new dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity();
        row.setId(id);
        row.setRealmId(demo.getId());
        row.setTime(time);
        row.setCategory("audit");
        row.setAction("audit.exported");
        row.setOutcome("success");
        row.setActorType("system");
        row.setSource("system");
        return dev.kcaudit.audit.store.jpa.DerivedColumns.of(row).searchText();
    }

    /** An audit row inserted with the time of "now", committed (or rolled back) two seconds later. */
    private void slowTransaction(boolean commit, Set<String> rolledBack) throws Exception {
        String id = UUID.randomUUID().toString();
        try (Connection c = Sql.connect()) {
            c.setAutoCommit(false);
            long time = System.currentTimeMillis();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO AUDIT_ENTRY (ID, REALM_ID, EVENT_TIME, CATEGORY,"
                    + " ACTION, OUTCOME, ACTOR_TYPE, SOURCE, SEARCH_TEXT) VALUES (?, ?, ?, 'audit', 'audit.exported',"
                    + " 'success', 'system', 'system', ?)")) {
                s.setString(1, id);
                s.setString(2, demo.getId());
                s.setLong(3, time);
                // The search text the store would write: verify recomputes it and would report anything else.
                s.setString(4, searchText(id, time));
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO AUDIT_ENTRY_CHAIN (ENTRY_ID, REALM_ID)"
                    + " VALUES (?, ?)")) {
                s.setString(1, id);
                s.setString(2, demo.getId());
                s.executeUpdate();
            }
            Thread.sleep(2_000);
            if (commit) {
                c.commit();
            } else {
                rolledBack.add(id);
                c.rollback();
            }
        }
    }

    @Test
    void theReferencePollerResumesAfterBeingKilledWithoutGapsOrDuplicates() throws Exception {
        long since = System.currentTimeMillis() - 500;
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("siem-poller");
        ProcessBuilder script = poller(dir, since);
        Process first = script.start();
        for (int i = 0; i < 15; i++) {
            Tokens.password(DEMO, "demo-app", "alice", DemoRealmConfig.PASSWORD);
        }
        Thread.sleep(700);
        first.destroyForcibly().waitFor();  // SIGKILL, wherever it is
        for (int i = 0; i < 10; i++) {
            Tokens.password(DEMO, "demo-app", "bob", DemoRealmConfig.PASSWORD);
        }
        restartedHoldsEveryEntryOnce(script.start(), dir, since, 25);
    }

    /**
     * A poller that dies after writing its first page but before its first checkpoint (made certain here: the
     * checkpoint's temporary file cannot be created, as a directory of that name is in the way) must not leave that
     * page behind to be written again when it starts over.
     */
    @Test
    void aPollerThatDiesBeforeItsFirstCheckpointStartsOverWithoutDuplicates() throws Exception {
        long since = System.currentTimeMillis() - 500;
        for (int i = 0; i < 5; i++) {
            Tokens.password(DEMO, "demo-app", "alice", DemoRealmConfig.PASSWORD);
        }
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("siem-poller");
        java.nio.file.Path blocker = java.nio.file.Files.createDirectory(dir.resolve("feed.state.tmp"));
        ProcessBuilder script = poller(dir, since);
        Process first = script.start();
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("the poller stops when it cannot checkpoint").isTrue();
        assertThat(first.exitValue()).isNotEqualTo(0);
        java.nio.file.Files.delete(blocker);

        restartedHoldsEveryEntryOnce(script.start(), dir, since, 4);
    }

    /** The reference poller in {@code dir} (state, output and log), from {@code since}, three entries a page. */
    private static ProcessBuilder poller(java.nio.file.Path dir, long since) {
        return new ProcessBuilder("python3", "../tools/siem-poller.py", "--url", "http://localhost:8080",
                "--realm", DEMO, "--client-id", "siem-reader", "--client-secret", "siem-demo-secret",
                "--state", dir.resolve("feed.state").toString(), "--out", dir.resolve("feed.ndjson").toString(),
                "--limit", "3", "--interval", "0.2", "--since", Instant.ofEpochMilli(since).toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("poller.log").toFile());
    }

    /**
     * Follows the restarted poller until its output holds every entry since {@code since}, then stops it: each entry
     * must be there exactly once, and more than {@code atLeast} of them.
     */
    private void restartedHoldsEveryEntryOnce(Process second, java.nio.file.Path dir, long since, int atLeast)
            throws Exception {
        java.nio.file.Path out = dir.resolve("feed.ndjson");
        String auditor = Tokens.demoUser("auditor");
        Set<String> expected = Set.of();
        List<String> lines = List.of();
        for (int i = 0; i < 100; i++) {
            Thread.sleep(200);
            // Recomputed each time: the restarted poller's own token request is an entry too.
            expected = allEntriesSince(since, auditor);
            lines = java.nio.file.Files.readAllLines(out).stream().map(l -> {
                try {
                    return JSON.readTree(l).path("id").asText();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            if (new HashSet<>(lines).containsAll(expected)) {
                break;
            }
        }
        second.destroyForcibly().waitFor();
        assertThat(lines).as(java.nio.file.Files.readString(dir.resolve("poller.log"))).hasSize(new HashSet<>(lines).size());
        Set<String> received = new HashSet<>(lines);
        received.removeAll(sealRecordsSince(since, auditor));
        assertThat(received).hasSizeGreaterThan(atLeast).isEqualTo(expected);
    }

    @Test
    void aBoundedWindowIsAFiniteOrderedSetOfPages() {
        String token = Tokens.demoUser("auditor");
        Tokens.demoUser("carol");
        long since = System.currentTimeMillis() - 3_600_000;
        long until = System.currentTimeMillis() - 500;
        Set<String> expected = new HashSet<>();
        AuditApi.get(DEMO, "entries?max=1000&category=authentication&from=" + Instant.ofEpochMilli(since) + "&to="
                + Instant.ofEpochMilli(until), token).body().path("entries").forEach(e -> expected.add(e.path("id").asText()));
        List<String> received = new ArrayList<>();
        String path = "feed?limit=3&category=authentication&since=" + Instant.ofEpochMilli(since) + "&until="
                + Instant.ofEpochMilli(until);
        int pages = 0;
        while (path != null) {
            AuditApi.Reply page = AuditApi.get(DEMO, path, token);
            assertThat(page.status()).isEqualTo(200);
            page.body().path("entries").forEach(e -> {
                received.add(e.path("id").asText());
                assertThat(e.path("time").asLong()).isBetween(since, until);
            });
            pages++;
            path = page.body().hasNonNull("next") ? "feed?limit=3&category=authentication&after="
                    + page.body().path("next").asText() : null;
            assertThat(pages).isLessThan(1000);
        }
        assertThat(received).hasSize(new HashSet<>(received).size());
        assertThat(new HashSet<>(received)).isNotEmpty().isEqualTo(expected);
    }

    @Test
    void ocsfEventsCarryTheSchemasRequiredFieldsAsJsonAndNdjson() throws Exception {
        String token = Tokens.demoUser("auditor");
        GroupRepresentation group = new GroupRepresentation();
        group.setName("ocsf-check");
        Admin.demo().groups().add(group).close();
        String since = Instant.now().minusSeconds(3_600).toString();
        AuditApi.Reply reply = AuditApi.get(DEMO, "feed?format=ocsf&limit=1000&since=" + since, token);
        assertThat(reply.status()).isEqualTo(200);
        Set<Integer> classes = new HashSet<>();
        for (JsonNode event : reply.body().path("entries")) {
            assertThat(OcsfValidator.problems(event)).as(event.toString()).isEmpty();
            assertThat(event.path("metadata").path("uid").asText()).isEqualTo(event.path("unmapped").path("id").asText());
            classes.add(event.path("class_uid").asInt());
        }
        assertThat(classes).contains(3002, 3006);

        HttpResponse<String> ndjson = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:8080/admin/realms/"
                + DEMO + "/audit-log/feed?format=ocsf&limit=5&since=" + since)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/x-ndjson").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ndjson.statusCode()).isEqualTo(200);
        assertThat(ndjson.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-ndjson");
        assertThat(ndjson.headers().firstValue("Link").orElseThrow()).contains("rel=\"next\"");
        assertThat(ndjson.headers().firstValue("X-Next-Cursor")).isPresent();
        String[] lines = ndjson.body().split("\n");
        assertThat(lines).hasSize(5);
        for (String line : lines) {
            assertThat(OcsfValidator.problems(JSON.readTree(line))).isEmpty();
        }
        JsonNode nativeEntry = AuditApi.get(DEMO, "feed?limit=1&since=" + since, token).body().path("entries").get(0);
        assertThat(nativeEntry.has("action")).isTrue();
        assertThat(nativeEntry.has("class_uid")).isFalse();
    }

    @Test
    void eachClientIsRateLimitedWithRetryAfterAndRemainingHeaders() {
        String token = Tokens.demoUser("globex-admin");
        long lastRemaining = Long.MAX_VALUE;
        long previousSentAt = System.currentTimeMillis();
        AuditApi.Reply limited = null;
        for (int i = 0; i < 400 && limited == null; i++) {
            long sentAt = System.currentTimeMillis();
            AuditApi.Reply reply = AuditApi.get(DEMO, "feed?limit=1", token);
            long now = System.currentTimeMillis();
            if (reply.status() == 429) {
                limited = reply;
            } else {
                assertThat(reply.status()).isEqualTo(200);
                long remaining = Long.parseLong(reply.raw().headers().firstValue("X-RateLimit-Remaining").orElseThrow());
                // Each request takes one token; the bucket refills at 240 a minute (AuditServerConfig). The server took
                // the previous token somewhere after that request was sent, so the refill since then is bounded by the
                // time from that send to this reply (a slow reply, a GC pause, may let several tokens come back).
                long refilled = (long) Math.ceil((now - previousSentAt) * 240 / 60_000.0);
                assertThat(remaining).isLessThanOrEqualTo(lastRemaining == Long.MAX_VALUE ? Long.MAX_VALUE
                        : lastRemaining + refilled);
                lastRemaining = remaining;
            }
            previousSentAt = sentAt;
        }
        assertThat(limited).as("a 429 within 400 requests").isNotNull();
        assertThat(Long.parseLong(limited.raw().headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(limited.body().path("message").asText()).contains("Too many feed requests");
        // Another client is not affected.
        assertThat(AuditApi.get(DEMO, "feed?limit=1", siemToken()).status()).isEqualTo(200);
    }

    @Test
    void theFeedKeepsToTheCallersScope() {
        String acme = Admin.demo().organizations().getAll().stream().filter(o -> o.getAlias().equals("acme"))
                .findFirst().orElseThrow().getId();
        Tokens.demoUser("alice");
        String since = Instant.now().minusSeconds(3_600).toString();
        AuditApi.Reply org = AuditApi.get(DEMO, "feed?limit=1000&since=" + since, Tokens.demoUser("acme-admin"));
        assertThat(org.status()).isEqualTo(200);
        assertThat(org.body().path("entries")).isNotEmpty();
        Set<String> orgIds = new HashSet<>();
        for (JsonNode e : org.body().path("entries")) {
            assertThat(e.path("organizations").findValuesAsText("id")).contains(acme);
            orgIds.add(e.path("id").asText());
        }
        Set<String> expected = new HashSet<>();
        AuditApi.get(DEMO, "entries?max=1000&from=" + since + "&organization=" + acme, Tokens.demoUser("auditor"))
                .body().path("entries").forEach(e -> expected.add(e.path("id").asText()));
        assertThat(orgIds).isSubsetOf(expected);
        assertThat(AuditApi.get(DEMO, "feed", Tokens.demoUser("dave")).status()).isEqualTo(403);
        assertThat(AuditApi.get(DEMO, "feed", null).status()).isEqualTo(401);
    }

    @Test
    void badOrForeignCursorsAndParametersAreFourHundreds() {
        String token = Tokens.demoUser("auditor");
        String cursor = AuditApi.get(DEMO, "feed?category=authentication", token).body().path("next").asText();
        assertBad(token, "feed?after=not-a-cursor", "after");
        assertBad(token, "feed?after=" + cursor, "after");
        assertBad(token, "feed?category=users&after=" + cursor, "after");
        assertBad(token, "feed?category=authentication&after=" + cursor + "&since=2026-01-01", "since");
        assertBad(token, "feed?limit=0", "limit");
        assertBad(token, "feed?limit=1001", "limit");
        assertBad(token, "feed?format=xml", "format");
        assertBad(token, "feed?since=yesterday", "since");
        assertBad(token, "feed?since=2026-02-01&until=2026-01-01", "until");
        assertBad(token, "feed?sort=time", "sort");
        AuditApi.Reply master = AuditApi.get("master", "feed?category=authentication&after=" + cursor,
                Tokens.masterAdmin());
        assertThat(master.status()).isEqualTo(400);
        assertThat(master.body().path("message").asText()).contains("another realm");
        assertThat(AuditApi.get(DEMO, "feed?category=authentication&after=" + cursor, token).status()).isEqualTo(200);
    }

    private static void assertBad(String token, String path, String parameter) {
        AuditApi.Reply reply = AuditApi.get(DEMO, path, token);
        assertThat(reply.status()).as(path).isEqualTo(400);
        assertThat(reply.body().path("parameter").asText()).as(path).isEqualTo(parameter);
    }
}
