package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Rest;
import dev.kcaudit.audit.it.support.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * Bounded cost for every caller, each limit tried the way an impatient or hostile caller would: concurrent export
 * jobs of one user, stored job files of a realm, and expensive reads (direct exports, counts, facets) by one user
 * through several clients.
 */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class CostLimitsIT {

    /** A realm with the listener on, an auditor (view-events) and two public clients, and some logins. */
    private static String realm(String prefix, int logins) {
        return realm(prefix, logins, List.of());
    }

    /** The same, with further auditors named {@code auditors}. */
    private static String realm(String prefix, int logins, List<String> auditors) {
        StringBuilder more = new StringBuilder();
        auditors.forEach(name -> more.append(',').append(user(name, true)));
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String admin = Tokens.masterAdmin();
        Rest.Reply created = Rest.admin("POST", "", admin, "{\"realm\":\"" + name + "\",\"enabled\":true,"
                + "\"eventsListeners\":[\"audit-log\"],"
                + "\"clients\":[{\"clientId\":\"app-a\",\"publicClient\":true,\"directAccessGrantsEnabled\":true},"
                + "{\"clientId\":\"app-b\",\"publicClient\":true,\"directAccessGrantsEnabled\":true}],"
                + "\"users\":[" + user("lim", true) + "," + user("other", true) + "," + user("plain", false) + more + "]}");
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        for (int i = 0; i < logins; i++) {
            token(name, "app-a", "plain");
        }
        return name;
    }

    private static String user(String username, boolean auditor) {
        return "{\"username\":\"" + username + "\",\"enabled\":true,\"email\":\"" + username + "@x.test\","
                + "\"emailVerified\":true,\"firstName\":\"F\",\"lastName\":\"L\",\"credentials\":[{\"type\":\"password\","
                + "\"value\":\"pw\",\"temporary\":false}]"
                + (auditor ? ",\"clientRoles\":{\"realm-management\":[\"view-events\"]}" : "") + "}";
    }

    private static String token(String realm, String client, String username) {
        return Tokens.password(realm, client, username, "pw").accessToken();
    }

    @Test
    void thirtyConcurrentJobRequestsOfOneUserNeverLeaveMoreThanThreeUnfinished() throws Exception {
        String realm = realm("jobs", 50);
        String token = token(realm, "app-a", "lim");
        ExecutorService pool = Executors.newFixedThreadPool(30);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<AuditApi.Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            replies.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return AuditApi.post(realm, "exports", token, "{\"format\":\"csv\"}");
            }, pool));
        }
        go.countDown();
        List<String> accepted = new ArrayList<>();
        for (CompletableFuture<AuditApi.Reply> reply : replies) {
            AuditApi.Reply r = reply.get();
            assertThat(r.status()).as(String.valueOf(r.body())).isIn(202, 429);
            if (r.status() == 202) {
                accepted.add(r.body().path("id").asText());
            } else {
                assertThat(r.raw().headers().firstValue("Retry-After")).isPresent();
            }
        }
        pool.shutdown();
        assertThat(accepted).hasSizeGreaterThanOrEqualTo(3);
        // Jobs may finish while requests still arrive; what must hold is that at no moment were more than three of
        // this user's jobs unfinished.
        List<long[]> spans = new ArrayList<>();
        List<String> jobs = new ArrayList<>();
        for (String id : accepted) {
            JsonNode job = finished(realm, token, id);
            spans.add(new long[] {job.path("createdTime").asLong(), job.path("finishedTime").asLong()});
            jobs.add(job.path("createdTime").asLong() + ".." + job.path("finishedTime").asLong() + " "
                    + job.path("status").asText() + " (started " + job.path("startedTime").asLong() + ", attempts "
                    + job.path("attempts").asInt() + ")");
        }
        jobs.sort(null);
        for (long[] span : spans) {
            long open = spans.stream().filter(s -> s[0] <= span[0] && span[0] < s[1]).count();
            assertThat(open).as("unfinished jobs when one was created at %d: %d accepted, created..finished:%n%s",
                    span[0], accepted.size(), String.join("\n", jobs)).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void storedJobFilesOfARealmStayUnderItsCapOldestFirst() throws Exception {
        String realm = realm("files", 120);
        String token = token(realm, "app-a", "lim");
        String admin = Tokens.masterAdmin();
        List<String> ids = new ArrayList<>();
        long size = 0;
        for (int i = 0; i < 3; i++) {
            AuditApi.Reply job = AuditApi.post(realm, "exports", token, "{\"format\":\"json\"}");
            assertThat(job.status()).isEqualTo(202);
            ids.add(job.body().path("id").asText());
            JsonNode done = finished(realm, token, ids.get(i));
            assertThat(done.path("status").asText()).isEqualTo("Completed");
            size = Math.max(size, done.path("sizeBytes").asLong());
            if (i == 0) {
                // Room for two such files, not three.
                assertThat(AuditApi.put(realm, "config", admin, "{\"exportStorageMaxBytes\":" + Math.max(65_536,
                        size * 5 / 2) + "}").status()).isEqualTo(200);
            }
        }
        assertThat(size * 5 / 2).as("the files are big enough for the cap to matter").isGreaterThanOrEqualTo(65_536);
        assertThat(AuditApi.get(realm, "exports/" + ids.get(0), token).status()).as("the oldest expired").isEqualTo(404);
        assertThat(AuditApi.get(realm, "exports/" + ids.get(1), token).body().path("status").asText())
                .isEqualTo("Completed");
        assertThat(AuditApi.bytes(realm, "exports/" + ids.get(2) + "/download", token).statusCode()).isEqualTo(200);
    }

    @Test
    void expensiveReadsAreLimitedPerUserAcrossClients() {
        String realm = realm("reads", 5);
        assertThat(AuditApi.put(realm, "config", Tokens.masterAdmin(), "{\"readRequestsPerMinute\":6}").status())
                .isEqualTo(200);
        String a = token(realm, "app-a", "lim");
        String b = token(realm, "app-b", "lim");
        List<Integer> statuses = new ArrayList<>();
        for (String path : List.of("entries/count", "facets", "export?format=csv", "entries/count", "facets",
                "export?format=json")) {
            statuses.add(AuditApi.get(realm, path, statuses.size() % 2 == 0 ? a : b).status());
        }
        assertThat(statuses).containsOnly(200);
        AuditApi.Reply limited = AuditApi.get(realm, "entries/count", b);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(AuditApi.get(realm, "export?format=csv", a).status()).isEqualTo(429);
        // Other users and plain lists are not affected.
        assertThat(AuditApi.get(realm, "entries/count", token(realm, "app-a", "other")).status()).isEqualTo(200);
        assertThat(AuditApi.get(realm, "entries", a).status()).isEqualTo(200);
    }

    /**
     * A user's first expensive reads arrive together (the console asks for the count and the facets at once): every
     * one of them is counted against the limit, none refused while the limit is far away. Several fresh users, so
     * that the race between the first requests' statements is met.
     */
    @Test
    void concurrentFirstReadsOfAFreshUserAreCountedNotRefused() throws Exception {
        List<String> fresh = List.of("fresh0", "fresh1", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7");
        String realm = realm("first", 2, fresh);
        assertThat(AuditApi.put(realm, "config", Tokens.masterAdmin(), "{\"readRequestsPerMinute\":1000}").status()).isEqualTo(200);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Integer> statuses = new ArrayList<>();
            for (String username : fresh) {
                String token = token(realm, "app-a", username);
                CountDownLatch start = new CountDownLatch(1);
                List<CompletableFuture<Integer>> replies = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    String path = i % 2 == 0 ? "entries/count" : "facets";
                    replies.add(CompletableFuture.supplyAsync(() -> {
                        await(start);
                        return AuditApi.get(realm, path, token).status();
                    }, pool));
                }
                start.countDown();
                for (CompletableFuture<Integer> reply : replies) {
                    statuses.add(reply.get());
                }
            }
            assertThat(statuses).hasSize(96).containsOnly(200);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode finished(String realm, String token, String id) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            JsonNode job = AuditApi.get(realm, "exports/" + id, token).body();
            String status = job.path("status").asText();
            if (status.equals("Completed") || status.equals("Failed")) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("export job " + id + " did not finish");
    }
}
