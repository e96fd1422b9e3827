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
 * Each configuration runs twice, interleaved (a b c a b c), to even out drift on a shared machine.
 */
final class CaptureBench {

    private record Config(String name, String realmJson) {
    }

    private static final List<Config> CONFIGS = List.of(
            new Config("a: no event storage", "{\"eventsListeners\":[],\"eventsEnabled\":false,\"adminEventsEnabled\":false}"),
            new Config("b: Keycloak event store", "{\"eventsListeners\":[],\"eventsEnabled\":true,\"adminEventsEnabled\":true,"
                    + "\"adminEventsDetailsEnabled\":true}"),
            new Config("c: audit-log listener", "{\"eventsListeners\":[\"audit-log\"],\"eventsEnabled\":false,"
                    + "\"adminEventsEnabled\":false}"));

    private final Api api;
    private final String base;
    private final int seconds;
    private final HttpClient http = HttpClient.newHttpClient();

    CaptureBench(Api api, String base, int seconds) {
        this.api = api;
        this.base = base;
        this.seconds = seconds;
    }

    List<Map<String, Object>> run() throws Exception {
        String userId = Api.field(api.get("/admin/realms/demo/users?username=alice&exact=true").body(), "id");
        // The full representation, so the user profile finds every required attribute on each update.
        String user = api.get("/admin/realms/demo/users/" + userId).body();
        Map<String, List<double[]>> samples = new LinkedHashMap<>();
        for (int round = 0; round < 2; round++) {
            for (Config config : CONFIGS) {
                if (api.put("/admin/realms/demo", config.realmJson).statusCode() != 204) {
                    throw new IllegalStateException("could not configure " + config.name);
                }
                samples.computeIfAbsent(config.name + "|tokens", k -> new ArrayList<>())
                        .add(load(4, i -> form("grant_type=client_credentials&client_id=siem-reader"
                                + "&client_secret=siem-demo-secret")));
                samples.computeIfAbsent(config.name + "|logins", k -> new ArrayList<>())
                        .add(load(4, i -> form("grant_type=password&client_id=demo-app&username=alice&password=demo")));
                String token = api.token();
                samples.computeIfAbsent(config.name + "|admin writes", k -> new ArrayList<>())
                        .add(load(2, i -> HttpRequest.newBuilder(URI.create(base + "/admin/realms/demo/users/" + userId))
                                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(user.replaceFirst("\"firstName\":\"[^\"]*\"",
                                        "\"firstName\":\"Alice " + i + "\""))).build()));
            }
        }
        api.put("/admin/realms/demo", CONFIGS.get(2).realmJson);
        List<Map<String, Object>> results = new ArrayList<>();
        Map<String, Double> baseline = new LinkedHashMap<>();
        for (Map.Entry<String, List<double[]>> e : samples.entrySet()) {
            String[] key = e.getKey().split("\\|");
            double[] all = e.getValue().stream().flatMapToDouble(Arrays::stream).sorted().toArray();
            double throughput = all.length / (2.0 * seconds);
            baseline.putIfAbsent(key[1], throughput);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("config", key[0]);
            r.put("workload", key[1]);
            r.put("requestsPerSecond", Math.round(throughput * 10) / 10.0);
            r.put("p50Ms", Math.round(all[all.length / 2] * 10) / 10.0);
            r.put("p95Ms", Math.round(all[(int) Math.ceil(all.length * 0.95) - 1] * 10) / 10.0);
            r.put("throughputVsA", Math.round(throughput / baseline.get(key[1]) * 1000) / 1000.0);
            results.add(r);
            System.out.printf("  %-26s %-13s %7.1f req/s  p50 %6.1f ms  p95 %6.1f ms  (%.3f of a)%n", key[0], key[1],
                    throughput, all[all.length / 2], all[(int) Math.ceil(all.length * 0.95) - 1],
                    throughput / baseline.get(key[1]));
        }
        return results;
    }

    private HttpRequest form(String body) {
        return HttpRequest.newBuilder(URI.create(base + "/realms/demo/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Runs the requests from {@code threads} threads for the configured time (after 2 s of warm-up); latencies in ms. */
    private double[] load(int threads, IntFunction<HttpRequest> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long warmUntil = System.nanoTime() + 2_000_000_000L;
        long until = warmUntil + seconds * 1_000_000_000L;
        List<Future<List<Double>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                List<Double> ms = new ArrayList<>();
                for (int i = 0; System.nanoTime() < until; i++) {
                    long start = System.nanoTime();
                    HttpResponse<Void> r = http.send(request.apply(thread * 1_000_000 + i),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() >= 300) {
                        throw new IllegalStateException("request answered " + r.statusCode());
                    }
                    if (start > warmUntil) {
                        ms.add((System.nanoTime() - start) / 1e6);
                    }
                }
                return ms;
            }));
        }
        List<Double> all = new ArrayList<>();
        for (Future<List<Double>> f : futures) {
            all.addAll(f.get());
        }
        pool.shutdown();
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
