package dev.kcaudit.bench;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verify's cost (docs/integrity.md, "Incremental verify and the full check"), over the realm's whole log: the entries
 * the capture phase wrote for real, and the loaded ones when the load linked them into the chain ({@code chain=true};
 * otherwise loaded rows are never sealed, and this runs before the load). It waits until the server's sealer has
 * sealed everything, then: the first incremental verify from no mark, in calls of the default limit, a call with
 * nothing new (what the console's button costs every day), and the full check in the background, polled for its
 * progress.
 */
final class VerifyBench {

    private static final String BASE = "/admin/realms/demo/audit-log/";
    private final Api api;

    VerifyBench(Api api) {
        this.api = api;
    }

    Map<String, Object> run() throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        long waited = System.nanoTime();
        // A range reaching only now is cheap and tells how much is still to seal (the sealer runs once a minute).
        String now = java.time.Instant.now().toString();
        long unsealed = Long.MAX_VALUE;
        // The sealer seals at most 200,000 entries per maintenance run: a loaded log takes many runs.
        for (int i = 0; i < 36_000 && unsealed > 0; i++) {
            unsealed = number(ok(api.get(BASE + "verify?from=" + now)), "entriesNotYetSealed");
            if (i % 60 == 59) {
                System.out.printf("  (waiting for the sealer: %,d entries not yet sealed)%n", unsealed);
            }
            if (unsealed > 0) {
                Thread.sleep(1_000);
            }
        }
        r.put("secondsWaitedForSeals", Math.round((System.nanoTime() - waited) / 1e8) / 10.0);

        long start = System.nanoTime();
        long entries = 0;
        int calls = 0;
        String report;
        do {
            report = ok(api.get(BASE + "verify"));
            entries += number(report, "entriesVerified");
            calls++;
            if (!report.contains("\"verified\":true")) {
                throw new IllegalStateException("verify found problems: " + report);
            }
        } while (report.contains("\"complete\":false"));
        double seconds = (System.nanoTime() - start) / 1e9;
        r.put("incrementalFirst", Map.of("entries", entries, "calls", calls, "seconds", round(seconds),
                "entriesPerSecond", Math.round(entries / seconds), "verified", report.contains("\"verified\":true")));

        double[] ms = new double[10];
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            ok(api.get(BASE + "verify"));
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        java.util.Arrays.sort(ms);
        r.put("incrementalNothingNewMs", Map.of("p50", round(ms[5]), "max", round(ms[9])));

        start = System.nanoTime();
        HttpResponse<String> started = api.post(BASE + "verify/full", "");
        if (started.statusCode() != 202) {
            throw new IllegalStateException("verify/full answered " + started.statusCode() + ": " + started.body());
        }
        List<String> progress = new ArrayList<>();
        String status;
        do {
            Thread.sleep(250);
            status = ok(api.get(BASE + "verify/full"));
            progress.add(number(status, "percent") + "%");
        } while (status.contains("\"state\":\"running\""));
        seconds = (System.nanoTime() - start) / 1e9;
        long full = number(status, "entriesVerified");
        Matcher state = Pattern.compile("\"state\":\"([a-z]+)\"").matcher(status);
        r.put("fullCheck", Map.of("state", state.find() ? state.group(1) : "?", "entries", full,
                "seals", number(status, "sealsChecked"), "seconds", round(seconds),
                "entriesPerSecond", Math.round(full / Math.max(seconds, 0.001)), "progressPolled", progress.size()));
        System.out.printf("%nVerify (over the %,d entries of the log; waited %.0f s for the sealer):%n", full,
                (double) r.get("secondsWaitedForSeals"));
        System.out.printf("  first incremental verify: %,d entries in %d call(s), %.1f s (%,d entries/s)%n", entries,
                calls, seconds(r, "incrementalFirst"), rate(r, "incrementalFirst"));
        System.out.printf("  incremental verify with nothing new: p50 %.1f ms, max %.1f ms%n", ms[5], ms[9]);
        System.out.printf("  full check in the background: %s, %,d entries, %.1f s (%,d entries/s), progress %s%n",
                ((Map<?, ?>) r.get("fullCheck")).get("state"), full, seconds, rate(r, "fullCheck"),
                String.join(" ", spread(progress, 12)));
        return r;
    }

    /** At most {@code n} of the values, evenly spaced, the last one included. */
    private static List<String> spread(List<String> values, int n) {
        List<String> picked = new ArrayList<>();
        for (int i = 1; i <= Math.min(n, values.size()); i++) {
            picked.add(values.get(i * values.size() / Math.min(n, values.size()) - 1));
        }
        return picked;
    }

    private static String ok(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("verify answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static long number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double seconds(Map<String, Object> r, String key) {
        return ((Number) ((Map<?, ?>) r.get(key)).get("seconds")).doubleValue();
    }

    private static long rate(Map<String, Object> r, String key) {
        return ((Number) ((Map<?, ?>) r.get(key)).get("entriesPerSecond")).longValue();
    }
}
