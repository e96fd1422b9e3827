package dev.kcaudit.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Capture overhead: throughput and p50/p95 of client-credentials tokens, password logins and admin writes with
 * (a) no event storage, (b) Keycloak's own event store saving user and admin events, (c) our audit-log listener.
 * After a discarded warm-up pass that lasts until the JIT has settled ({@link #warm}), each configuration runs three
 * times in rotating order.
 */
final class CaptureBench {

    private record Config(String name, String realmJson) {
    }

    /** One measured window: each successful request's latency, and the servers' CPU time over the window. */
    record Run(double[] ms, ServerCpu cpu) {
        long requests() {
            return Math.max(1, ms.length);
        }
    }

    private static final List<Config> CONFIGS = List.of(
            new Config("a: no event storage", "{\"eventsListeners\":[],\"eventsEnabled\":false,\"adminEventsEnabled\":false}"),
            new Config("b: Keycloak event store", "{\"eventsListeners\":[],\"eventsEnabled\":true,\"adminEventsEnabled\":true,"
                    + "\"adminEventsDetailsEnabled\":true}"),
            new Config("c: audit-log listener", "{\"eventsListeners\":[\"audit-log\"],\"eventsEnabled\":false,"
                    + "\"adminEventsEnabled\":false}"));

    private static final String[] USERS = {"alice", "bob", "carol", "dave"};
    private static final int ROUNDS = 3;
    /** The warm-up's windows, in seconds, and the JIT's share of Keycloak's CPU under which it has settled. */
    private static final int WARM_WINDOW = 3;
    private static final double SETTLED_JIT_SHARE = 0.05;

    private final Api api;
    private final String base;
    private final int seconds;
    /** The longest warm-up of one configuration and workload ({@link #warm}). */
    private final int warmSeconds;
    private final HttpClient http = HttpClient.newHttpClient();
    private final java.util.concurrent.atomic.AtomicLong errors = new java.util.concurrent.atomic.AtomicLong();
    /** The admin's token for the admin writes, taken before each window: it lives a minute, a warm-up longer. */
    private volatile String token;

    private final List<String> only;
    private final List<Config> configs;
    private final String jdbc;

    /**
     * {@code workloads}: which of "tokens", "logins", "admin writes" to run (comma-separated); {@code configs}: which
     * of the configurations "a", "b", "c" (ratios are to the first one run; "c" alone serves profiling);
     * {@code jdbc}: the benchmark's database, for the statements per request where pg_stat_statements is loaded;
     * {@code warmSeconds}: the longest warm-up of one configuration and workload before the measured rounds.
     */
    CaptureBench(Api api, String base, int seconds, int warmSeconds, String workloads, String configs, String jdbc) {
        this.api = api;
        this.base = base;
        this.seconds = seconds;
        this.warmSeconds = warmSeconds;
        this.only = List.of(workloads.split(","));
        List<String> letters = List.of(configs.split(","));
        this.configs = CONFIGS.stream().filter(c -> letters.contains(c.name.substring(0, 1))).toList();
        this.jdbc = jdbc;
    }

    List<Map<String, Object>> run() throws Exception {
        // One user per writing thread (concurrent updates of one user conflict), each sent as its full representation
        // so the user profile finds every required attribute.
        String[] ids = new String[2];
        String[] reps = new String[2];
        for (int t = 0; t < 2; t++) {
            ids[t] = Api.field(api.get("/admin/realms/demo/users?username=" + USERS[t] + "&exact=true").body(), "id");
            reps[t] = api.get("/admin/realms/demo/users/" + ids[t]).body();
        }
        Map<String, List<double[]>> samples = new LinkedHashMap<>();
        Map<String, ServerCpu> cpu = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> statements = new LinkedHashMap<>();
        DbStatements stats = DbStatements.open(jdbc);
        Map<String, Long> failed = new LinkedHashMap<>();
        // A warm-up pass (discarded, until the JIT settles), then three rounds in rotating order (a b c, b c a, c a b):
        // drift on a shared two-core machine would otherwise favour whichever configuration runs later.
        for (int round = -1; round < ROUNDS; round++) {
            for (int k = 0; k < configs.size(); k++) {
                Config config = configs.get((k + Math.max(round, 0)) % configs.size());
                if (api.put("/admin/realms/demo", config.realmJson).statusCode() != 204) {
                    throw new IllegalStateException("could not configure " + config.name);
                }
                Map<String, IntFunction<HttpRequest>> workloads = new LinkedHashMap<>();
                workloads.put("tokens", i -> form("grant_type=client_credentials&client_id=siem-reader"
                        + "&client_secret=siem-demo-secret"));
                // One user per thread: Keycloak refuses concurrent password logins of one user.
                workloads.put("logins", i -> form("grant_type=password&client_id=demo-app&username="
                        + USERS[i / 1_000_000] + "&password=demo"));
                workloads.put("admin writes", i -> HttpRequest.newBuilder(URI.create(base + "/admin/realms/demo/users/"
                                + ids[i / 1_000_000]))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(reps[i / 1_000_000].replaceFirst(
                                "\"firstName\":\"[^\"]*\"", "\"firstName\":\"Name " + i + "\""))).build());
                workloads.keySet().retainAll(only);
                for (Map.Entry<String, IntFunction<HttpRequest>> w : workloads.entrySet()) {
                    errors.set(0);
                    // The statements of the first measured round of each configuration (one round is enough:
                    // the counts per request do not drift the way throughput does).
                    boolean countStatements = stats != null && round == 0;
                    int threads = w.getKey().equals("admin writes") ? 2 : 4;
                    if (round < 0) {
                        warm(config.name + ", " + w.getKey(), threads, w.getValue());
                        continue;
                    }
                    token = api.token();
                    Run run = load(threads, w.getValue(), countStatements ? stats::reset : () -> { }, seconds);
                    String key = config.name + "|" + w.getKey();
                    samples.computeIfAbsent(key, x -> new ArrayList<>()).add(run.ms());
                    cpu.merge(key, run.cpu(), ServerCpu::plus);
                    if (countStatements) {
                        statements.put(key, stats.perRequest(run.requests()));
                    }
                    failed.merge(key, errors.get(), Long::sum);
                }
            }
        }
        api.put("/admin/realms/demo", CONFIGS.get(2).realmJson);
        if (stats != null) {
            stats.close();
        }
        List<Map<String, Object>> results = new ArrayList<>();
        Map<String, Double> baseline = new LinkedHashMap<>();
        Map<String, Double> cpuBaseline = new LinkedHashMap<>();
        for (Map.Entry<String, List<double[]>> e : samples.entrySet()) {
            String[] key = e.getKey().split("\\|");
            double[] all = e.getValue().stream().flatMapToDouble(Arrays::stream).sorted().toArray();
            if (all.length == 0) {
                throw new IllegalStateException(e.getKey() + ": no request succeeded (" + failed.get(e.getKey())
                        + " failed)");
            }
            double throughput = all.length / ((double) ROUNDS * seconds);
            baseline.putIfAbsent(key[1], throughput);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("config", key[0]);
            r.put("workload", key[1]);
            r.put("requestsPerSecond", Math.round(throughput * 10) / 10.0);
            r.put("p50Ms", Math.round(all[all.length / 2] * 10) / 10.0);
            r.put("p95Ms", Math.round(all[(int) Math.ceil(all.length * 0.95) - 1] * 10) / 10.0);
            r.put("throughputVsA", Math.round(throughput / baseline.get(key[1]) * 1000) / 1000.0);
            r.put("failedRequests", failed.get(e.getKey()));
            ServerCpu used = cpu.get(e.getKey());
            double perRequest = used.totalMs() / all.length;
            cpuBaseline.putIfAbsent(key[1], perRequest);
            r.put("keycloakCpuMsPerRequest", Math.round(used.keycloakMs() / all.length * 1000) / 1000.0);
            r.put("keycloakJitMsPerRequest", Math.round(used.jitMs() / all.length * 1000) / 1000.0);
            r.put("keycloakGcMsPerRequest", Math.round(used.gcMs() / all.length * 1000) / 1000.0);
            r.put("keycloakBackgroundMsPerRequest", Math.round(used.backgroundMs() / all.length * 1000) / 1000.0);
            r.put("postgresCpuMsPerRequest", Math.round(used.postgresMs() / all.length * 1000) / 1000.0);
            r.put("cpuMsPerRequest", Math.round(perRequest * 1000) / 1000.0);
            r.put("cpuVsA", Math.round(perRequest / cpuBaseline.get(key[1]) * 1000) / 1000.0);
            if (statements.containsKey(e.getKey())) {
                r.put("statements", statements.get(e.getKey()));
            }
            results.add(r);
            System.out.printf("  %-26s %-13s %7.1f req/s  p50 %6.1f ms  p95 %6.1f ms  (%.3f of a)%n", key[0], key[1],
                    throughput, all[all.length / 2], all[(int) Math.ceil(all.length * 0.95) - 1],
                    throughput / baseline.get(key[1]));
            System.out.printf("  %-26s %-13s CPU per request: Keycloak %.3f ms + PostgreSQL %.3f ms = %.3f ms"
                    + " (%.3f of a)%n  %-40s of Keycloak's: compiling %.3f ms, collecting garbage %.3f ms, background"
                    + " threads %.3f ms%n", "", "", used.keycloakMs() / all.length, used.postgresMs() / all.length,
                    perRequest, perRequest / cpuBaseline.get(key[1]), "", used.jitMs() / all.length,
                    used.gcMs() / all.length, used.backgroundMs() / all.length);
            printStatements(statements.get(e.getKey()));
        }
        return results;
    }

    /** The realm settings of configuration (c), the audit-log listener alone. */
    static String listenerRealmJson() {
        return CONFIGS.get(2).realmJson;
    }

    /**
     * One window of the token workload (4 threads, client-credentials tokens) as {@link #run} measures it, for the
     * streams phase; {@link #errors()} then holds the failed requests of the window.
     */
    Run tokens(int seconds, WindowStart atStart) throws Exception {
        errors.set(0);
        return load(4, i -> form("grant_type=client_credentials&client_id=siem-reader&client_secret=siem-demo-secret"),
                atStart, seconds);
    }

    long errors() {
        return errors.get();
    }

    /** The statements that took most of the database's time per request, and the totals. */
    private static void printStatements(List<Map<String, Object>> rows) {
        if (rows == null) {
            return;
        }
        double calls = rows.stream().mapToDouble(r -> (double) r.get("callsPerRequest")).sum();
        double ms = rows.stream().mapToDouble(r -> (double) r.get("execMsPerRequest")).sum();
        System.out.printf("      statements per request: %.2f, execution %.3f ms; the largest:%n", calls, ms);
        rows.stream().limit(8).forEach(r -> {
            String sql = (String) r.get("statement");
            System.out.printf("        %6.2f x %.3f ms  %s%n", (double) r.get("callsPerRequest"),
                    (double) r.get("execMsPerRequest"), sql.length() > 110 ? sql.substring(0, 110) + "…" : sql);
        });
    }

    private HttpRequest form(String body) {
        return HttpRequest.newBuilder(URI.create(base + "/realms/demo/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /**
     * Runs the requests from {@code threads} threads for {@code seconds} (after up to 2 s of warm-up): the
     * latencies (ms) of the requests started after the warm-up, and the servers' CPU time over the same window.
     */
    private Run load(int threads, IntFunction<HttpRequest> request, WindowStart atStart, int seconds)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long warmUntil = System.nanoTime() + Math.min(2, seconds) * 1_000_000_000L;
        long until = warmUntil + seconds * 1_000_000_000L;
        List<Future<List<Double>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                List<Double> ms = new ArrayList<>();
                for (int i = 0; System.nanoTime() < until; i++) {
                    long start = System.nanoTime();
                    HttpResponse<String> r = http.send(request.apply(thread * 1_000_000 + i),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() >= 300) {
                        // Counted and shown, not fatal: the table reports the error rate.
                        if (errors.getAndIncrement() == 0) {
                            System.out.println("    first error: " + r.statusCode() + " " + r.body());
                        }
                        continue;
                    }
                    if (start > warmUntil) {
                        ms.add((System.nanoTime() - start) / 1e6);
                    }
                }
                return ms;
            }));
        }
        sleepUntil(warmUntil);
        atStart.run();
        ServerCpu start = ServerCpu.now();
        sleepUntil(until);
        ServerCpu used = ServerCpu.now().minus(start);
        List<Double> all = new ArrayList<>();
        for (Future<List<Double>> f : futures) {
            all.addAll(f.get());
        }
        pool.shutdown();
        return new Run(all.stream().mapToDouble(Double::doubleValue).toArray(), used);
    }

    /**
     * The discarded warm-up of one configuration and workload: windows of {@value #WARM_WINDOW} s until Keycloak's JIT
     * compiler threads take at most {@value #SETTLED_JIT_SHARE} of its CPU in two windows in a row, or
     * {@code warmSeconds} have passed. A fresh server compiles for minutes under load; a window measured meanwhile counts
     * the compiler's time as the requests' (docs/benchmarks.md, "The capture phase's warm-up").
     */
    private void warm(String what, int threads, IntFunction<HttpRequest> request) throws Exception {
        long started = System.nanoTime();
        int window = Math.min(WARM_WINDOW, warmSeconds);
        double last = 1;
        double share = 1;
        while (Math.max(last, share) > SETTLED_JIT_SHARE && System.nanoTime() - started < warmSeconds * 1e9) {
            token = api.token();
            last = share;
            share = load(threads, request, () -> { }, window).cpu().jitShare();
        }
        System.out.printf("  (warm-up of %s: %.0f s; compiling took %.0f %% of Keycloak's CPU in its last window of %d s)%n",
                what, (System.nanoTime() - started) / 1e9, share * 100, window);
    }

    /** What happens when the measured window opens (resetting the statement statistics). */
    interface WindowStart {
        void run() throws Exception;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }
}
