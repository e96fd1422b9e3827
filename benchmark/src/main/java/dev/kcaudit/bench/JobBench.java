package dev.kcaudit.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An export job over the whole table (issue 19: a 10 M-entry job runs in the server's 256 MB heap): requested like
 * the console does, polled until it finishes while the server's heap is sampled. Its rows must cover what was loaded.
 */
final class JobBench {

    private final Api api;
    private final String base;
    private final String management;

    JobBench(Api api, String base, String management) {
        this.api = api;
        this.base = base;
        this.management = management;
    }

    Map<String, Object> run(long loaded) throws Exception {
        // A year in one job, and room for its file in the database.
        api.put("/admin/realms/demo/audit-log/config", "{\"exportMaxDays\":400,\"exportStorageMaxBytes\":1099511627776}");
        String from = Instant.now().minusSeconds(366L * 86_400).toString();
        Map<String, Object> r = new LinkedHashMap<>();
        try (HeapSampler heap = new HeapSampler(management)) {
            long before = heap.usedHeap();
            long start = System.nanoTime();
            String id = Api.field(post("/admin/realms/demo/audit-log/exports",
                    "{\"format\":\"csv\",\"order\":\"asc\",\"from\":\"" + from + "\"}"), "id");
            String job;
            do {
                Thread.sleep(1_000);
                job = api.get("/admin/realms/demo/audit-log/exports/" + id).body();
            } while (job.contains("\"status\":\"Pending\"") || job.contains("\"status\":\"Running\""));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!job.contains("\"status\":\"Completed\"")) {
                throw new IllegalStateException("the export job did not complete: " + job);
            }
            long rows = number(job, "rowCount");
            if (rows < loaded) {
                throw new IllegalStateException("the export job held " + rows + " entries; " + loaded + " were loaded");
            }
            r.put("rows", rows);
            r.put("bytes", number(job, "sizeBytes"));
            r.put("totalSeconds", Math.round(seconds * 10) / 10.0);
            r.put("rowsPerSecond", Math.round(rows / seconds));
            r.put("heapBeforeBytes", before);
            r.put("heapPeakBytes", heap.peak());
        }
        System.out.printf("%nExport job (CSV, the whole table): %,d rows, %,d bytes in %.1f s; server heap %,d MB before,"
                + " %,d MB peak%n", r.get("rows"), r.get("bytes"), (double) r.get("totalSeconds"),
                (long) r.get("heapBeforeBytes") >> 20, (long) r.get("heapPeakBytes") >> 20);
        return r;
    }

    private String post(String path, String json) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + api.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static long number(String json, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return Long.parseLong(m.group(1));
    }
}
