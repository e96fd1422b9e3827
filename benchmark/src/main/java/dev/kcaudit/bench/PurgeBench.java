package dev.kcaudit.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Retention of the oldest month of the loaded year (docs/benchmarks.md, section 7), with capture and reads running.
 * The loaded rows carry sequence numbers but no chain (COPY bypasses the sequencer), so this phase first writes seals
 * over the oldest {@value #SEALED_DAYS} days in ranges of 10,000 entries, as the sealer would have (their signatures are
 * placeholders: verify is not what this measures; the purge only needs seals). It then lowers the retention so that
 * the oldest {@value #PURGED_DAYS} days are due and, while 4 threads ask for tokens (each an audited entry), measures:
 * how long retention takes per seal and in all (from the seals' purge times), capture latency and throughput during the
 * purge against the same workload before it starts (30 s after a 20 s warm-up, until the retention is lowered), and a
 * first page of entries read during it.
 */
final class PurgeBench {

    private static final int SEAL_ENTRIES = 10_000;
    private static final int SEALED_DAYS = 40;
    private static final int PURGED_DAYS = 30;
    private static final long DAY = 86_400_000L;

    private final Api api;
    private final String base;
    private final String jdbc;
    private final String realmId;
    /** The first placeholder seal this run wrote: earlier runs' purged ones do not count. */
    private long firstSeal;

    PurgeBench(Api api, String base, String jdbc, String realmId) {
        this.api = api;
        this.base = base;
        this.jdbc = jdbc;
        this.realmId = realmId;
    }

    Map<String, Object> run() throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        long oldest;
        int sealsWritten;
        try (Connection db = DriverManager.getConnection(jdbc)) {
            oldest = oldestUnpurged(db);
            sealsWritten = writeSeals(db, oldest + SEALED_DAYS * DAY);
        }
        long before = oldest + PURGED_DAYS * DAY;
        long retentionDays = (System.currentTimeMillis() - before) / DAY;
        r.put("sealsWritten", sealsWritten);
        r.put("retentionDays", retentionDays);

        HttpClient http = HttpClient.newHttpClient();
        HttpRequest token = HttpRequest.newBuilder(URI.create(base + "/realms/demo/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&client_id=siem-reader&client_secret=siem-demo-secret")).build();
        // Each sample: when it started and how long it took (ms).
        ConcurrentLinkedQueue<double[]> tokens = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<double[]> reads = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(5);
        for (int t = 0; t < 4; t++) {
            load.submit(() -> {
                while (running.get()) {
                    long start = System.currentTimeMillis();
                    long t0 = System.nanoTime();
                    if (http.send(token, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        tokens.add(new double[] {start, (System.nanoTime() - t0) / 1e6});
                    }
                }
                return null;
            });
        }
        load.submit(() -> {
            while (running.get()) {
                long start = System.currentTimeMillis();
                long t0 = System.nanoTime();
                api.get("/admin/realms/demo/audit-log/entries?max=50");
                reads.add(new double[] {start, (System.nanoTime() - t0) / 1e6});
                Thread.sleep(500);
            }
            return null;
        });
        long loadStart;
        long retentionSet;
        long[] window;
        int due;
        try (Connection db = DriverManager.getConnection(jdbc)) {
            Thread.sleep(20_000); // warm-up, not counted: a server just started compiles as it goes
            loadStart = System.currentTimeMillis();
            Thread.sleep(30_000); // the baseline: the same workload, no purge
            retentionSet = System.currentTimeMillis();
            HttpResponse<String> set = api.put("/admin/realms/demo/audit-log/config",
                    "{\"retentionDays\":" + retentionDays + "}");
            if (set.statusCode() != 200) {
                throw new IllegalStateException("config answered " + set.statusCode() + ": " + set.body());
            }
            // The realm's cutoff is a whole number of days back, so a seal or two past `before` may be due as well:
            // wait for those below it, then until the count of purged placeholder seals stops growing.
            long deadline = System.currentTimeMillis() + 30 * 60_000L;
            while (count(db, "SELECT COUNT(*) FROM AUDIT_SEAL WHERE REALM_ID = ? AND MAX_TIME < ?"
                    + " AND PURGED_TIME IS NULL AND KEY_ID = 'benchmark'", before) > 0
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(1_000);
            }
            for (int last = -1, now = purged(db); now != last; last = now, now = purged(db)) {
                Thread.sleep(3_000);
            }
            due = purged(db);
            Thread.sleep(5_000); // some of the workload after the purge too
            window = purgeWindow(db);
        } finally {
            running.set(false);
            load.shutdown();
            load.awaitTermination(60, TimeUnit.SECONDS);
            api.put("/admin/realms/demo/audit-log/config", "{\"retentionDays\":0}");
        }
        long entries = window[2];
        double seconds = (window[1] - window[0]) / 1000.0;
        r.put("sealsDue", due);
        r.put("entriesPurged", entries);
        r.put("purgeSeconds", Math.round(seconds * 10) / 10.0);
        r.put("msPerSeal", Math.round(window[3] * 10 / Math.max(1.0, due)) / 10.0);
        r.put("maxMsBetweenSeals", window[4]);
        r.put("waitedForTimerSeconds", Math.round((window[0] - retentionSet) / 100.0) / 10.0);
        Map<String, Object> before5 = stats(tokens, loadStart, retentionSet);
        Map<String, Object> during = stats(tokens, window[0], window[1]);
        r.put("tokensBefore", before5);
        r.put("tokensDuring", during);
        r.put("readsBefore", stats(reads, loadStart, retentionSet));
        r.put("readsDuring", stats(reads, window[0], window[1]));
        System.out.printf("%nRetention of the oldest %d days (%,d entries in %d seals of %,d):%n", PURGED_DAYS,
                entries, due, SEAL_ENTRIES);
        System.out.printf("  purge took %.1f s (%.0f ms per seal on average, longest gap between two seals %d ms),"
                + " after %.0f s waiting for the maintenance timer%n", seconds, (double) r.get("msPerSeal"),
                window[4], (double) r.get("waitedForTimerSeconds"));
        System.out.printf("  tokens (4 threads) before: %s%n  tokens during the purge: %s%n", before5, during);
        System.out.printf("  first page of entries, before: %s, during: %s%n", r.get("readsBefore"),
                r.get("readsDuring"));
        return r;
    }

    /** The oldest entry's time among rows no seal covers yet (the loaded year). */
    private long oldestUnpurged(Connection db) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT MIN(e.EVENT_TIME) FROM AUDIT_ENTRY e WHERE e.REALM_ID = ?")) {
            s.setString(1, realmId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Seals over the loaded rows older than {@code until}, numbered after the realm's last seal; returns how many. Each
     * covers one run of loaded sequence numbers (a seal's range is what the purge deletes), whatever real seals say:
     * a real entry written after a load is sealed over the loaded numbers before it, which the sealer skips.
     */
    private int writeSeals(Connection db, long until) throws SQLException {
        // Under the sealer's lock row, in one transaction: the live sealer cannot number a seal meanwhile.
        db.setAutoCommit(false);
        try (PreparedStatement lock = db.prepareStatement("SELECT LAST_VALUE FROM AUDIT_LOCK WHERE NAME = 'seal'"
                + " FOR UPDATE")) {
            lock.executeQuery().close();
        }
        // Placeholder seals an earlier run left unpurged would cover the same rows twice: drop them.
        try (PreparedStatement s = db.prepareStatement("DELETE FROM AUDIT_SEAL WHERE REALM_ID = ? AND KEY_ID = 'benchmark'"
                + " AND PURGED_TIME IS NULL")) {
            s.setString(1, realmId);
            s.executeUpdate();
        }
        long lastNo;
        try (PreparedStatement s = db.prepareStatement("SELECT COALESCE(MAX(SEAL_NO), 0) FROM AUDIT_SEAL"
                + " WHERE REALM_ID = ?")) {
            s.setString(1, realmId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                lastNo = rs.getLong(1);
            }
        }
        firstSeal = lastNo + 1;
        List<long[]> chunks = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT MIN(c.SEQ), MAX(c.SEQ), COUNT(*), MIN(e.EVENT_TIME),"
                + " MAX(e.EVENT_TIME) FROM AUDIT_ENTRY_CHAIN c JOIN AUDIT_ENTRY e ON e.ID = c.ENTRY_ID"
                + " WHERE c.REALM_ID = ? AND c.CHAIN_HASH IS NULL AND e.EVENT_TIME < ?"
                + " GROUP BY c.SEQ / " + SEAL_ENTRIES + " ORDER BY 1")) {
            s.setString(1, realmId);
            s.setLong(2, until);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    chunks.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
                }
            }
        }
        String hash = "0".repeat(64);
        try (PreparedStatement s = db.prepareStatement("INSERT INTO AUDIT_SEAL (REALM_ID, SEAL_NO, FIRST_SEQ, LAST_SEQ,"
                + " PREV_LAST_SEQ, ENTRY_COUNT, MIN_TIME, MAX_TIME, LAST_CHAIN_HASH, PREV_SEAL_HASH, SEAL_HASH,"
                + " ALGORITHM, KEY_ID, SIGNATURE, CREATED_TIME) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'RS256',"
                + " 'benchmark', 'placeholder', ?)")) {
            long no = lastNo;
            for (long[] c : chunks) {
                s.setString(1, realmId);
                s.setLong(2, ++no);
                s.setLong(3, c[0]);
                s.setLong(4, c[1]);
                s.setLong(5, c[0] - 1);
                s.setLong(6, c[2]);
                s.setLong(7, c[3]);
                s.setLong(8, c[4]);
                s.setString(9, hash);
                s.setString(10, hash);
                s.setString(11, hash);
                s.setLong(12, System.currentTimeMillis());
                s.addBatch();
            }
            s.executeBatch();
        }
        db.commit();
        db.setAutoCommit(true);
        return chunks.size();
    }

    private int purged(Connection db) throws SQLException {
        return count(db, "SELECT COUNT(*) FROM AUDIT_SEAL WHERE REALM_ID = ? AND SEAL_NO >= ? AND PURGED_TIME IS NOT NULL"
                + " AND KEY_ID = 'benchmark'", firstSeal);
    }

    private int count(Connection db, String sql, long before) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, realmId);
            s.setLong(2, before);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** First and last purge time, entries purged, the sum of gaps between consecutive seals, and the longest gap. */
    private long[] purgeWindow(Connection db) throws SQLException {
        List<Long> times = new ArrayList<>();
        long entries = 0;
        try (PreparedStatement s = db.prepareStatement("SELECT PURGED_TIME, PURGED_COUNT FROM AUDIT_SEAL"
                + " WHERE REALM_ID = ? AND SEAL_NO >= ? AND KEY_ID = 'benchmark' AND PURGED_TIME IS NOT NULL"
                + " ORDER BY SEAL_NO")) {
            s.setString(1, realmId);
            s.setLong(2, firstSeal);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    times.add(rs.getLong(1));
                    entries += rs.getLong(2);
                }
            }
        }
        if (times.isEmpty()) {
            throw new IllegalStateException("nothing was purged");
        }
        // The purge time is the run's start (one "now" per run); the audit.purged entries tell each seal's end.
        long[] ends = purgeEntryTimes(db, times.size());
        long first = times.get(0);
        long last = ends.length > 0 ? ends[ends.length - 1] : times.get(times.size() - 1);
        long maxGap = 0;
        long prev = first;
        for (long end : ends) {
            maxGap = Math.max(maxGap, end - prev);
            prev = end;
        }
        return new long[] {first, last, entries, last - first, maxGap};
    }

    /** When each purge's audit.purged entry was written (each commits with its seal's deletion), oldest first. */
    private long[] purgeEntryTimes(Connection db, int n) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT EVENT_TIME FROM AUDIT_ENTRY WHERE REALM_ID = ?"
                + " AND ACTION = 'audit.purged' ORDER BY EVENT_TIME DESC LIMIT ?")) {
            s.setString(1, realmId);
            s.setInt(2, n);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out.stream().sorted().mapToLong(Long::longValue).toArray();
    }

    private static Map<String, Object> stats(ConcurrentLinkedQueue<double[]> samples, long from, long to) {
        double[] ms = samples.stream().filter(s -> s[0] >= from && s[0] < to).mapToDouble(s -> s[1]).sorted()
                .toArray();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("requests", ms.length);
        if (ms.length == 0) {
            return out;
        }
        out.put("p50", Math.round(ms[ms.length / 2] * 10) / 10.0);
        out.put("p95", Math.round(ms[(int) Math.ceil(ms.length * 0.95) - 1] * 10) / 10.0);
        out.put("perSecond", Math.round(ms.length / Math.max(0.001, (to - from) / 1000.0)));
        return out;
    }
}
