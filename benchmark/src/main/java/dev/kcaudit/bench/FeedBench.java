package dev.kcaudit.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Feed drain (how fast a poller at limit=1000 reads everything from the start of the data) and end-to-end latency
 * under load (from an entry's event time to a poller holding it, while token requests keep the server busy).
 */
final class FeedBench {

    private static final Pattern TIME = Pattern.compile("\\{\"id\":\"[^\"]+\",\"time\":(\\d+)");
    private static final int POLL_EVERY_MS = 200;

    private final Api api;
    private final String base;

    FeedBench(Api api, String base) {
        this.api = api;
        this.base = base;
    }

    /**
     * Four threads request client-credentials tokens (each one audited) for {@code seconds}; a poller follows the
     * feed from the start of the run, polling every 200 ms when it has caught up, as a SIEM input would. Latency is
     * the time the poller received an entry minus the entry's event time: commit, sequencing and polling together.
     */
    Map<String, Object> latencyUnderLoad(int seconds) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest token = HttpRequest.newBuilder(URI.create(base + "/realms/demo/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&client_id=siem-reader&client_secret=siem-demo-secret")).build();
        String path = "/admin/realms/demo/audit-log/feed?limit=1000&action=auth.client.login&since="
                + Api.q(Instant.now().toString());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong issued = new AtomicLong();
        ExecutorService load = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            load.submit(() -> {
                while (running.get()) {
                    if (http.send(token, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        issued.incrementAndGet();
                    }
                }
                return null;
            });
        }
        List<Long> latencies = new ArrayList<>();
        long end = System.currentTimeMillis() + seconds * 1000L;
        long drainUntil = Long.MAX_VALUE;
        while (System.currentTimeMillis() < drainUntil) {
            if (drainUntil == Long.MAX_VALUE && System.currentTimeMillis() >= end) {
                running.set(false);
                load.shutdown();
                load.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
                drainUntil = System.currentTimeMillis() + 5_000; // what was issued must arrive
            }
            var response = api.get(path);
            long received = System.currentTimeMillis();
            if (response.statusCode() != 200) {
                throw new IllegalStateException("feed answered " + response.statusCode() + ": " + response.body());
            }
            Matcher m = TIME.matcher(response.body());
            int n = 0;
            while (m.find()) {
                latencies.add(received - Long.parseLong(m.group(1)));
                n++;
            }
            path = "/admin/realms/demo/audit-log/feed?limit=1000&action=auth.client.login&after="
                    + Api.field(response.body(), "next");
            if (n < 1000) {
                Thread.sleep(POLL_EVERY_MS);
            }
            if (drainUntil != Long.MAX_VALUE && latencies.size() >= issued.get()) {
                break;
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            throw new IllegalStateException("the poller received nothing while " + issued.get() + " tokens were issued");
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("seconds", seconds);
        r.put("pollEveryMs", POLL_EVERY_MS);
        r.put("entriesWritten", issued.get());
        r.put("entriesReceived", sorted.length);
        r.put("writesPerSecond", Math.round(issued.get() / (double) seconds));
        r.put("latencyP50Ms", sorted[sorted.length / 2]);
        r.put("latencyP95Ms", sorted[(int) Math.min(sorted.length - 1, Math.round(sorted.length * 0.95))]);
        r.put("latencyMaxMs", Arrays.stream(sorted).max().orElse(0));
        System.out.printf("Feed latency under load: %,d tokens issued (%,d/s), %,d entries received; event to poller"
                        + " p50 %d ms, p95 %d ms, max %d ms (polling every %d ms once caught up)%n", issued.get(),
                issued.get() / seconds, sorted.length, r.get("latencyP50Ms"), r.get("latencyP95Ms"),
                r.get("latencyMaxMs"), POLL_EVERY_MS);
        if (sorted.length != issued.get()) {
            throw new IllegalStateException("the feed delivered " + sorted.length + " of " + issued.get() + " entries");
        }
        return r;
    }

    Map<String, Object> drain(long entries) throws Exception {
        long start = System.nanoTime();
        String path = "/admin/realms/demo/audit-log/feed?limit=1000&since=2000-01-01";
        long received = 0;
        int pages = 0;
        while (true) {
            var response = api.get(path);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("feed answered " + response.statusCode() + ": " + response.body());
            }
            String body = response.body();
            int n = count(body, "\"actionLabel\"");
            received += n;
            pages++;
            if (n < 1000) {
                break;
            }
            path = "/admin/realms/demo/audit-log/feed?limit=1000&after=" + Api.field(body, "next");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (received < entries) {
            // A benchmark that measured the wrong thing is worse than none.
            throw new IllegalStateException("the feed read " + received + " entries; " + entries + " were loaded");
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("entries", received);
        r.put("pages", pages);
        r.put("seconds", Math.round(seconds * 10) / 10.0);
        r.put("entriesPerSecond", Math.round(received / seconds));
        System.out.printf("Feed drain: %,d entries in %.1f s = %,.0f entries/s%n", received, seconds, received / seconds);
        return r;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
