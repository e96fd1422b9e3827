package dev.kcaudit.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/**
 * Runs against a Keycloak that benchmark/run.sh started on PostgreSQL: loads N entries into the demo realm, then
 * measures queries against Keycloak's own event endpoints, the feed's drain rate and exports (time to first byte,
 * total time, server heap). Prints tables and writes JSON results.
 *
 * <p>Arguments: {@code entries=N jdbc=URL out=FILE base=http://localhost:8080 management=http://localhost:9000
 * captureSeconds=15 captureWarmSeconds=120 repeats=20 warmSeconds=30 feedSeconds=20 phases=capture,verify,queries,feed,signals,exports,job,streams,purge workloads=tokens,logins,admin writes
 * configs=a,b,c chain=false thenEntries=M streamBacklog=N streamTypes=webhook,splunk-hec,syslog[,kafka] streamCaptureSeconds=S
 * streamIntervalMs=I}: with {@code chain=true} the loaded rows are linked into the hash chain and {@code verify}
 * runs after the load, over all of them (the sealer must seal them first: a short maintenance interval helps); with
 * {@code thenEntries}, the table then grows to M entries and the queries run again;
 * {@code captureWarmSeconds}, the longest warm-up of each configuration and workload before capture is measured
 * (it ends sooner once the JIT has settled); {@code warmSeconds}, every read is asked in turn for that long before the
 * queries are measured;
 * {@code job} then runs one export job over the whole table; {@code streams} last measures log streams (latency under
 * the feed's token load for feedSeconds, delivery of the realm's last streamBacklog entries, default the loaded
 * count, per type, and the token workload with two streams against none; streamIntervalMs is what run.sh started
 * Keycloak with, for the report); {@code purge}, not in the default phases, retention of the loaded year's oldest
 * month under load, and it deletes that month.
 */
public final class Bench {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>(Map.of("entries", "1000000", "base", "http://localhost:8080",
                "management", "http://localhost:9000", "jdbc", "jdbc:postgresql://127.0.0.1:5432/audit_bench?user=postgres",
                "out", "benchmark/results/latest.json", "repeats", "20", "captureSeconds", "15"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv[1]);
        }
        int entries = Integer.parseInt(a.get("entries"));
        Api api = new Api(a.get("base"));
        String realmId = Api.field(api.get("/admin/realms/demo").body(), "id");
        String orgs = api.get("/admin/realms/demo/organizations").body();
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"\\s*,\\s*\"name\"\\s*:\\s*\"([^\"]+)\"").matcher(orgs);
        String[] orgIds = new String[Generator.ORGS.length];
        for (int i = 0; i < orgIds.length && m.find(); i++) {
            orgIds[i] = m.group(1);
        }
        for (int i = 0; i < orgIds.length; i++) {
            orgIds[i] = orgIds[i] == null ? "org-" + i : orgIds[i];
        }
        Results results = new Results();
        results.put("entries", entries);
        results.put("keycloak", "26.7.3");
        results.put("database", "PostgreSQL (local)");
        results.put("serverHeapMax", System.getProperty("bench.heap", "see run.sh"));
        results.put("cpus", Runtime.getRuntime().availableProcessors());
        results.put("date", Instant.now().toString());

        String phases = a.getOrDefault("phases", "capture,verify,queries,feed,signals,exports,job,streams");
        results.put("phases", phases);
        // chain=true links the loaded rows into the hash chain, and verify runs after the load over all of them;
        // otherwise loaded rows carry no chain, and verify runs before the load over what capture wrote.
        boolean chained = Boolean.parseBoolean(a.getOrDefault("chain", "false"));
        if (chained && phases.contains("purge")) {
            // The purge phase seals the unsealed loaded rows itself, with placeholder seals (PurgeBench).
            throw new IllegalArgumentException("chain=true and the purge phase do not go together: run purge without it");
        }
        results.put("chained", chained);
        if (phases.contains("capture")) {
            System.out.println("Capture overhead (4 client threads; 2 threads for admin writes):");
            results.put("capture", new CaptureBench(api, a.get("base"),
                    Integer.parseInt(a.getOrDefault("captureSeconds", "15")),
                    Integer.parseInt(a.getOrDefault("captureWarmSeconds", "120")),
                    a.getOrDefault("workloads", "tokens,logins,admin writes"), a.getOrDefault("configs", "a,b,c"),
                    a.get("jdbc")).run());
        }

        if (phases.contains("verify") && !chained) {
            results.put("verify", new VerifyBench(api).run());
        }

        long load = System.nanoTime();
        // load=false measures a database an earlier run loaded (run.sh with BENCH_KEEP_DB=true).
        if (Boolean.parseBoolean(a.getOrDefault("load", "true"))) {
            try (Connection db = DriverManager.getConnection(a.get("jdbc"))) {
                new Generator(a.get("jdbc"), chained).generate(db, realmId, orgIds, entries,
                        System.currentTimeMillis());
            }
            double loadSeconds = (System.nanoTime() - load) / 1e9;
            results.put("loadSeconds", Math.round(loadSeconds * 10) / 10.0);
            System.out.printf("Loaded %,d entries in %.1f s (%,.0f rows/s)%n", entries, loadSeconds,
                    entries / loadSeconds);
        } else {
            System.out.printf("Measuring the %,d entries an earlier run loaded%n", entries);
        }
        if (phases.contains("verify") && chained) {
            results.put("verify", new VerifyBench(api).run());
        }

        if (phases.contains("queries")) {
            System.out.println("\nQuery latency (ms, p50/p95), ours vs Keycloak's own event endpoints:");
            results.put("queries", new QueryBench(api, Integer.parseInt(a.getOrDefault("repeats", "20")),
                    Integer.parseInt(a.getOrDefault("warmSeconds", "30"))).run(orgIds[0]));
            results.put("storage", Storage.measure(a.get("jdbc")));
        }
        if (phases.contains("feed")) {
            FeedBench feed = new FeedBench(api, a.get("base"));
            results.put("feed", feed.drain(entries));
            results.put("feedLatency", feed.latencyUnderLoad(Integer.parseInt(a.getOrDefault("feedSeconds", "20"))));
        }
        if (phases.contains("signals")) {
            results.put("signals", new SignalBench(api, a.get("base"), a.get("management"))
                    .run(Integer.parseInt(a.getOrDefault("feedSeconds", "20"))));
        }
        if (phases.contains("exports")) {
            exports(api, a, results, entries);
        }
        // Query latency again on a bigger table: load up to `thenEntries` and repeat the queries.
        int more = Integer.parseInt(a.getOrDefault("thenEntries", "0"));
        if (more > entries) {
            long grow = System.nanoTime();
            try (Connection db = DriverManager.getConnection(a.get("jdbc"))) {
                new Generator(a.get("jdbc"), chained).generate(db, realmId, orgIds, more - entries,
                        System.currentTimeMillis());
            }
            double growSeconds = (System.nanoTime() - grow) / 1e9;
            results.put("thenEntries", more);
            results.put("thenLoadSeconds", Math.round(growSeconds * 10) / 10.0);
            System.out.printf("%nLoaded %,d more entries (now %,d) in %.1f s%n", more - entries, more, growSeconds);
            System.out.printf("%nQuery latency at %,d entries (ms, p50/p95), ours vs Keycloak's own event endpoints:%n",
                    more);
            results.put("thenQueries", new QueryBench(api, Integer.parseInt(a.getOrDefault("repeats", "20")),
                    Integer.parseInt(a.getOrDefault("warmSeconds", "30")))
                    .run(orgIds[0]));
            results.put("thenStorage", Storage.measure(a.get("jdbc")));
        }
        if (phases.contains("job")) {
            results.put("exportJob", new JobBench(api, a.get("base"), a.get("management")).run(Math.max(entries, more)));
        }
        if (phases.contains("streams")) {
            System.out.println("\nLog streams (receivers in this JVM):");
            results.put("streams", new StreamBench(api, a.get("base"), a.get("jdbc"), realmId,
                    Integer.parseInt(a.getOrDefault("streamIntervalMs", "1000"))).run(
                    Integer.parseInt(a.getOrDefault("feedSeconds", "20")),
                    Long.parseLong(a.getOrDefault("streamBacklog", Integer.toString(entries))),
                    List.of(a.getOrDefault("streamTypes", "webhook,splunk-hec,syslog").split(",")),
                    Integer.parseInt(a.getOrDefault("streamCaptureSeconds", a.getOrDefault("captureSeconds", "15")))));
        }
        // Last: it deletes the oldest month of what was loaded.
        if (phases.contains("purge")) {
            results.put("purge", new PurgeBench(api, a.get("base"), a.get("jdbc"), realmId).run());
        }
        Path out = Path.of(a.get("out"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, results.json());
        System.out.println("\nRaw results: " + out);
    }

    private static void exports(Api api, Map<String, String> a, Results results, int entries) throws Exception {

        // A year in one export: lift the realm's range limit for the run.
        api.put("/admin/realms/demo/audit-log/config", "{\"exportMaxDays\":400}");
        String from = Instant.now().minusSeconds(366L * 86_400).toString();
        List<Map<String, Object>> exports = new ArrayList<>();
        try (HeapSampler heap = new HeapSampler(a.get("management"))) {
            for (String format : List.of("csv", "xlsx")) {
                exports.add(export(api, heap, format, from));
            }
        }
        results.put("exports", exports);
        // A benchmark that measured the wrong thing is worse than none: the figures must cover what was loaded.
        for (Map<String, Object> e : exports) {
            long exported = (long) e.get("rows");
            if (exported < entries) {
                throw new IllegalStateException("the " + e.get("format") + " export held " + exported + " entries; "
                        + entries + " were loaded");
            }
        }
        System.out.println();
        System.out.println("| export | rows | bytes | first byte | total | rows/s | server heap before | server heap peak |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Map<String, Object> e : exports) {
            System.out.printf("| %s | %,d | %,d | %d ms | %.1f s | %,d | %,d MB | %,d MB |%n", e.get("format"), e.get("rows"),
                    e.get("bytes"), e.get("firstByteMs"), (double) e.get("totalSeconds"), e.get("rowsPerSecond"),
                    (long) e.get("heapBeforeBytes") >> 20, (long) e.get("heapPeakBytes") >> 20);
        }
    }

    private static Map<String, Object> export(Api api, HeapSampler heap, String format, String from) throws Exception {
        long before = heap.usedHeap();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = api.stream("/admin/realms/demo/audit-log/export?format=" + format
                + "&from=" + Api.q(from) + "&order=asc");
        long firstByte = 0;
        long bytes = 0;
        long lines = 0;
        // The workbook is kept on disk to count its rows afterwards (a zip cannot be counted while it streams).
        Path workbook = format.equals("xlsx") ? Files.createTempFile("bench-export", ".xlsx") : null;
        try (InputStream in = response.body();
             OutputStream copy = workbook == null ? OutputStream.nullOutputStream() : Files.newOutputStream(workbook)) {
            byte[] buffer = new byte[65_536];
            int n = in.read(buffer);
            firstByte = (System.nanoTime() - start) / 1_000_000;
            while (n >= 0) {
                bytes += n;
                copy.write(buffer, 0, n);
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                n = in.read(buffer);
            }
        }
        double total = (System.nanoTime() - start) / 1e9;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(format + " export answered " + response.statusCode());
        }
        long rows = workbook == null ? lines - 1 : sheetRows(workbook) - 1;  // less the header row
        if (workbook != null) {
            Files.delete(workbook);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("format", format);
        r.put("rows", rows);
        r.put("bytes", bytes);
        r.put("firstByteMs", firstByte);
        r.put("totalSeconds", Math.round(total * 10) / 10.0);
        r.put("rowsPerSecond", rows > 0 ? Math.round(rows / total) : 0);
        r.put("heapBeforeBytes", before);
        r.put("heapPeakBytes", heap.peak());
        System.out.printf("%s export: %,d bytes, first byte after %d ms, done in %.1f s%n", format, bytes, firstByte, total);
        return r;
    }

    /** The rows of the workbook's first sheet (the entries; the second is "Filters Applied"), read as a stream. */
    private static long sheetRows(Path workbook) throws IOException {
        try (ZipFile zip = new ZipFile(workbook.toFile());
             InputStream sheet = new BufferedInputStream(zip.getInputStream(zip.getEntry("xl/worksheets/sheet1.xml")))) {
            byte[] tag = "<row ".getBytes(StandardCharsets.US_ASCII);
            long rows = 0;
            int matched = 0;
            for (int b = sheet.read(); b >= 0; b = sheet.read()) {
                matched = b == tag[matched] ? matched + 1 : b == tag[0] ? 1 : 0;
                if (matched == tag.length) {
                    rows++;
                    matched = 0;
                }
            }
            return rows;
        }
    }
}
