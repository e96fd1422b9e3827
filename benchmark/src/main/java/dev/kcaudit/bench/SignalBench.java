package dev.kcaudit.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The signal rules under the feed benchmark's load (docs/signals.md): four threads request client-credentials tokens
 * and one logs in with a password (both judged: the login by three rules), while another fails five logins in a row
 * for a new unknown name every half second, each burst raising one {@code failed-logins-user} signal. Reported:
 * <ul>
 *   <li>evaluation cost: the server's own counters ({@code keycloak_audit_signals_*}) before and after, as time spent
 *       judging per sequenced entry and per entry a rule read;</li>
 *   <li>signal latency: from the burst's fifth failure (its entry's time) to the signal's entry (its time), and from
 *       the client's fifth response to a poller holding the signal.</li>
 * </ul>
 */
final class SignalBench {

    private static final Pattern TIME = Pattern.compile("\"time\":(\\d+)");
    private static final Pattern SUBJECT = Pattern.compile("\"resource\":\\{[^}]*\"id\":\"(bench-burst-[^\"]+)\"");
    private static final Pattern LAST_TIME = Pattern.compile("\"lastTime\":(\\d+)");
    private static final int BURST = 5;

    private final Api api;
    private final String base;
    private final String management;
    private final HttpClient http = HttpClient.newHttpClient();

    SignalBench(Api api, String base, String management) {
        this.api = api;
        this.base = base;
        this.management = management;
    }

    Map<String, Object> run(int seconds) throws Exception {
        Map<String, Double> before = counters();
        long start = System.currentTimeMillis();
        String run = Long.toString(start, 36);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong tokens = new AtomicLong();
        Map<String, Long> burstDone = new ConcurrentHashMap<>();
        ExecutorService load = Executors.newFixedThreadPool(6);
        HttpRequest token = form("grant_type=client_credentials&client_id=siem-reader&client_secret=siem-demo-secret");
        HttpRequest login = form("grant_type=password&client_id=demo-app&username=alice&password=demo");
        for (int t = 0; t < 4; t++) {
            load.submit(() -> {
                while (running.get()) {
                    if (http.send(token, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        tokens.incrementAndGet();
                    }
                }
                return null;
            });
        }
        load.submit(() -> {
            while (running.get()) {
                http.send(login, HttpResponse.BodyHandlers.discarding());
                Thread.sleep(100);
            }
            return null;
        });
        load.submit(() -> {
            for (int b = 0; running.get(); b++) {
                String name = "bench-burst-" + run + "-" + b;
                HttpRequest fail = form("grant_type=password&client_id=demo-app&username=" + name + "&password=x");
                for (int i = 0; i < BURST; i++) {
                    http.send(fail, HttpResponse.BodyHandlers.discarding());
                }
                burstDone.put(name, System.currentTimeMillis());
                Thread.sleep(500);
            }
            return null;
        });

        // A poller, as a console or SIEM would follow signals: every 200 ms.
        Map<String, Long> seen = new HashMap<>();
        List<Long> serverLatency = new ArrayList<>();
        long end = start + seconds * 1000L;
        long stopAt = Long.MAX_VALUE;
        while (System.currentTimeMillis() < stopAt) {
            if (stopAt == Long.MAX_VALUE && System.currentTimeMillis() >= end) {
                running.set(false);
                load.shutdown();
                load.awaitTermination(30, TimeUnit.SECONDS);
                stopAt = System.currentTimeMillis() + 10_000; // every finished burst's signal must arrive
            }
            var page = api.get("/admin/realms/demo/audit-log/entries?max=1000&category=security"
                    + "&action=signal.failed-logins-user&from=" + start);
            long now = System.currentTimeMillis();
            // One entry per chunk: each starts with its id.
            for (String entry : page.body().split("\\{\"id\":\"")) {
                Matcher subject = SUBJECT.matcher(entry);
                Matcher time = TIME.matcher(entry);
                Matcher last = LAST_TIME.matcher(entry);
                if (subject.find() && time.find() && last.find() && seen.putIfAbsent(subject.group(1), now) == null) {
                    serverLatency.add(Long.parseLong(time.group(1)) - Long.parseLong(last.group(1)));
                }
            }
            if (stopAt != Long.MAX_VALUE && seen.keySet().containsAll(burstDone.keySet())) {
                break;
            }
            Thread.sleep(200);
        }
        Map<String, Double> after = counters();
        List<Long> endToEnd = new ArrayList<>();
        burstDone.forEach((name, done) -> {
            Long at = seen.get(name);
            if (at != null) {
                endToEnd.add(at - done);
            }
        });
        if (seen.size() < burstDone.size()) {
            throw new IllegalStateException(seen.size() + " signals for " + burstDone.size() + " bursts");
        }
        double sequenced = delta(before, after, "keycloak_audit_signals_sequenced_entries_total");
        double judged = delta(before, after, "keycloak_audit_signals_judged_entries_total");
        double judgeSeconds = delta(before, after, "keycloak_audit_signals_judge_seconds_total");

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("seconds", seconds);
        r.put("tokensIssued", tokens.get());
        r.put("bursts", burstDone.size());
        r.put("signals", seen.size());
        r.put("entriesSequenced", Math.round(sequenced));
        r.put("entriesJudged", Math.round(judged));
        r.put("judgeMicrosPerSequencedEntry", round(judgeSeconds * 1e6 / Math.max(1, sequenced)));
        r.put("judgeMicrosPerJudgedEntry", round(judgeSeconds * 1e6 / Math.max(1, judged)));
        r.put("signalLatencyP50Ms", percentile(serverLatency, 0.5));
        r.put("signalLatencyP95Ms", percentile(serverLatency, 0.95));
        r.put("pollerLatencyP50Ms", percentile(endToEnd, 0.5));
        r.put("pollerLatencyP95Ms", percentile(endToEnd, 0.95));
        System.out.printf("Signals under load: %,d tokens, %d bursts -> %d signals; %,d entries sequenced, %,d read by a"
                        + " rule; judging %.1f µs per sequenced entry (%.1f µs per entry read); last trigger to signal"
                        + " entry p50 %d ms, p95 %d ms; fifth failure answered to poller holding the signal p50 %d ms,"
                        + " p95 %d ms (polling every 200 ms)%n", tokens.get(), burstDone.size(), seen.size(),
                Math.round(sequenced), Math.round(judged), r.get("judgeMicrosPerSequencedEntry"),
                r.get("judgeMicrosPerJudgedEntry"), r.get("signalLatencyP50Ms"), r.get("signalLatencyP95Ms"),
                r.get("pollerLatencyP50Ms"), r.get("pollerLatencyP95Ms"));
        return r;
    }

    private HttpRequest form(String body) {
        return HttpRequest.newBuilder(URI.create(base + "/realms/demo/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** The signal counters of Keycloak's metrics endpoint (Prometheus text). */
    private Map<String, Double> counters() throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create(management + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> values = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("keycloak_audit_signals_")) {
                // name{labels} value, or name value: summed over labels
                int brace = line.indexOf('{');
                String name = line.substring(0, brace >= 0 ? brace : line.indexOf(' '));
                values.merge(name, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
            }
        }
        return values;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
        return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static long percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return -1;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[(int) Math.min(sorted.length - 1, Math.round((sorted.length - 1) * p))];
    }
}
