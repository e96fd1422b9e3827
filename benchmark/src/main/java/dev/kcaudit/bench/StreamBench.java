package dev.kcaudit.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Log streams (docs/streams.md) against receivers in this JVM: (1) event → receiver latency of a webhook stream under
 * the feed benchmark's token load, (2) delivery throughput of a backlog replayed from a sequence number, per
 * destination type (webhook, Splunk HEC, TCP syslog; Kafka with {@code streamTypes=…,kafka}), (3) the capture
 * benchmark's token workload with two active webhook streams against none. Keycloak runs with
 * {@code stream-allow-http=true} (plain http and tcp receivers) and a short {@code stream-interval-ms} (run.sh).
 */
final class StreamBench {

    /** An entry as the native format renders it (webhook body, HEC event, syslog payload): its id, then its time. */
    private static final Pattern TIME = Pattern.compile("\\{\"id\":\"[^\"]+\",\"time\":(\\d+)");
    private static final String STREAMS = "/admin/realms/demo/audit-log/streams";
    static final int LATENCY_BATCH = 100;
    static final int LATENCY_LINGER_MS = 0;
    static final int BACKLOG_BATCH = 1000;
    private static final int ROUNDS = 3;

    private final Api api;
    private final String base;
    private final String jdbc;
    private final String realmId;
    private final int streamIntervalMs;

    StreamBench(Api api, String base, String jdbc, String realmId, int streamIntervalMs) {
        this.api = api;
        this.base = base;
        this.jdbc = jdbc;
        this.realmId = realmId;
        this.streamIntervalMs = streamIntervalMs;
    }

    Map<String, Object> run(int latencySeconds, long backlog, List<String> types, int captureSeconds) throws Exception {
        long started = System.nanoTime();
        api.put("/admin/realms/demo", CaptureBench.listenerRealmJson());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("streamIntervalMs", streamIntervalMs);
        r.put("latency", latency(latencySeconds));
        List<Map<String, Object>> backlogs = new ArrayList<>();
        System.out.printf("Stream delivery of a backlog (the realm's last %,d entries, replayed with afterSeq;"
                + " batchSize %d, lingerMs 0):%n", backlog, BACKLOG_BATCH);
        for (String type : types) {
            backlogs.add(backlog(type, backlog));
        }
        r.put("backlog", backlogs);
        System.out.printf("Capture with two active webhook streams against none (tokens, 4 client threads, %d s x %d"
                + " rounds):%n", captureSeconds, ROUNDS);
        r.put("capture", capture(captureSeconds));
        double seconds = (System.nanoTime() - started) / 1e9;
        r.put("phaseSeconds", Math.round(seconds));
        System.out.printf("(streams phase: %.0f s)%n", seconds);
        return r;
    }

    // ---------------------------------------------------------------- 1. latency

    /**
     * A webhook stream of {@code auth.client.login} entries (batchSize 100, lingerMs 0) while four threads request
     * client-credentials tokens for {@code seconds}, as the feed benchmark's latency does: per entry, the time the
     * receiver had the request's body minus the entry's event time.
     */
    private Map<String, Object> latency(int seconds) throws Exception {
        try (HttpReceiver hook = new HttpReceiver("/hook", false)) {
            long since = System.currentTimeMillis();
            hook.tally.since = since;
            hook.tally.record = true;
            String id = create(webhook("bench-latency", hook.url(), LATENCY_BATCH, LATENCY_LINGER_MS,
                    ",\"filter\":{\"actions\":[\"auth.client.login\"]}"));
            long issued;
            try {
                TokenLoad load = new TokenLoad(base, 4);
                Thread.sleep(seconds * 1000L);
                issued = load.stop();
                long deadline = System.currentTimeMillis() + 30_000;
                while (hook.tally.entries.get() < issued && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
            } finally {
                delete(id);
            }
            long[] sorted = hook.tally.latencies().stream().mapToLong(Long::longValue).sorted().toArray();
            if (sorted.length < issued) {
                throw new IllegalStateException("the webhook received " + sorted.length + " of " + issued + " entries");
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("seconds", seconds);
            r.put("batchSize", LATENCY_BATCH);
            r.put("lingerMs", LATENCY_LINGER_MS);
            r.put("entriesWritten", issued);
            r.put("entriesReceived", sorted.length);
            r.put("requests", hook.tally.requests.get());
            r.put("writesPerSecond", Math.round(issued / (double) seconds));
            r.put("latencyP50Ms", sorted[sorted.length / 2]);
            r.put("latencyP95Ms", sorted[(int) Math.ceil(sorted.length * 0.95) - 1]);
            r.put("latencyMaxMs", sorted[sorted.length - 1]);
            System.out.printf("Stream latency under load (webhook, batchSize %d, lingerMs %d, stream-interval-ms %d):"
                            + " %,d tokens issued (%,d/s), %,d entries received in %,d requests; event to receiver"
                            + " p50 %d ms, p95 %d ms, max %d ms%n", LATENCY_BATCH, LATENCY_LINGER_MS, streamIntervalMs,
                    issued, issued / seconds, sorted.length, hook.tally.requests.get(), r.get("latencyP50Ms"),
                    r.get("latencyP95Ms"), r.get("latencyMaxMs"));
            return r;
        }
    }

    // ---------------------------------------------------------------- 2. backlog throughput

    /**
     * A stream of {@code type} (batchSize 1000) replayed to just before the realm's last {@code size} sequenced
     * entries: entries per second from the replay until the receiver holds every one of them.
     */
    private Map<String, Object> backlog(String type, long size) throws Exception {
        try (Receiver receiver = switch (type) {
            case "webhook" -> new HttpReceiver("/hook", false);
            case "splunk-hec" -> new HttpReceiver("/services/collector/event", true);
            case "syslog" -> new SyslogReceiver();
            case "kafka" -> new KafkaReceiver();
            default -> throw new IllegalArgumentException("streamTypes: webhook, splunk-hec, syslog or kafka, not "
                    + type);
        }) {
            String body = switch (type) {
                case "webhook" -> webhook("bench-backlog", receiver.url(), BACKLOG_BATCH, 0, "");
                case "splunk-hec" -> "{\"name\":\"bench-backlog-hec\",\"type\":\"splunk-hec\",\"url\":\"" + receiver.url()
                        + "\",\"token\":\"bench-hec-token\",\"batchSize\":" + BACKLOG_BATCH + "}";
                case "kafka" -> "{\"name\":\"bench-backlog-kafka\",\"type\":\"kafka\",\"bootstrapServers\":\""
                        + receiver.url() + "\",\"topic\":\"" + KafkaReceiver.TOPIC + "\",\"securityProtocol\":\"PLAINTEXT\","
                        + "\"batchSize\":" + BACKLOG_BATCH + "}";
                default -> "{\"name\":\"bench-backlog-syslog\",\"type\":\"syslog\",\"url\":\"" + receiver.url()
                        + "\",\"batchSize\":" + BACKLOG_BATCH + "}";
            };
            String id = create(body);
            try {
                long[] range = range(size);
                long afterSeq = range[0];
                long target = range[1];
                receiver.tally().reset();
                long start = System.nanoTime();
                HttpResponse<String> replay = api.post(STREAMS + "/" + id + "/replay", "{\"afterSeq\":" + afterSeq + "}");
                if (replay.statusCode() >= 300) {
                    throw new IllegalStateException("replay answered " + replay.statusCode() + ": " + replay.body());
                }
                long last = 0;
                long progressAt = System.nanoTime();
                long printAt = System.nanoTime() + 15_000_000_000L;
                while (receiver.tally().entries.get() < target) {
                    Thread.sleep(20);
                    long now = System.nanoTime();
                    long got = receiver.tally().entries.get();
                    if (got > last) {
                        last = got;
                        progressAt = now;
                    } else if (now - progressAt > 60_000_000_000L) {
                        throw new IllegalStateException(type + ": no progress for 60 s at " + got + " of " + target
                                + " entries; stream: " + api.get(STREAMS + "/" + id).body());
                    }
                    if (now > printAt) {
                        System.out.printf("    %s: %,d of %,d after %.0f s%n", type, got, target, (now - start) / 1e9);
                        printAt = now + 15_000_000_000L;
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("type", type);
                r.put("entries", target);
                r.put("batchSize", BACKLOG_BATCH);
                r.put("requests", receiver.tally().requests.get());
                r.put("seconds", Math.round(seconds * 10) / 10.0);
                r.put("entriesPerSecond", Math.round(target / seconds));
                System.out.printf("  %-10s %,d entries in %.1f s = %,.0f entries/s (%,d requests/connections)%n", type,
                        target, seconds, target / seconds, receiver.tally().requests.get());
                return r;
            } finally {
                delete(id);
            }
        }
    }

    /** The sequence number to replay after, so that {@code size} of the realm's entries follow, and how many do. */
    private long[] range(long size) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbc)) {
            long max = number(db, "SELECT MAX(SEQ) FROM AUDIT_ENTRY_CHAIN WHERE REALM_ID = ?", realmId);
            long after = number(db, "SELECT SEQ FROM AUDIT_ENTRY_CHAIN WHERE REALM_ID = ? AND SEQ IS NOT NULL"
                    + " AND SEQ <= ? ORDER BY SEQ DESC OFFSET ? LIMIT 1", realmId, max, size);
            long count = number(db, "SELECT COUNT(*) FROM AUDIT_ENTRY_CHAIN WHERE REALM_ID = ? AND SEQ > ?"
                    + " AND SEQ <= ?", realmId, after, max);
            return new long[] {after, count};
        }
    }

    /** The first column of the first row as a number; 0 when there is no row (or it is null). */
    private static long number(Connection db, String sql, Object... args) throws Exception {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    // ---------------------------------------------------------------- 3. capture overhead

    /**
     * The capture benchmark's token workload on configuration (c) with no stream against two webhook streams of every
     * entry (batchSize 100, lingerMs 0), each receiving in this JVM; a discarded warm-up pass, then three rounds in
     * rotating order. Per request: latency, throughput, and the CPU of Keycloak (delivery included) and PostgreSQL.
     */
    private List<Map<String, Object>> capture(int seconds) throws Exception {
        CaptureBench bench = new CaptureBench(api, base, seconds, 0, "tokens", "c", jdbc);
        String[] names = {"no stream", "two webhook streams"};
        Map<String, List<double[]>> samples = new LinkedHashMap<>();
        Map<String, ServerCpu> cpu = new LinkedHashMap<>();
        Map<String, Long> failed = new LinkedHashMap<>();
        Map<String, Long> delivered = new LinkedHashMap<>();
        try (HttpReceiver a = new HttpReceiver("/hook", false); HttpReceiver b = new HttpReceiver("/hook", false)) {
            for (int round = -1; round < ROUNDS; round++) {
                for (int k = 0; k < names.length; k++) {
                    int config = (k + Math.max(round, 0)) % names.length;
                    List<String> ids = new ArrayList<>();
                    long[] atStart = new long[2];
                    if (config == 1) {
                        ids.add(create(webhook("bench-capture-1", a.url(), LATENCY_BATCH, 0, "")));
                        ids.add(create(webhook("bench-capture-2", b.url(), LATENCY_BATCH, 0, "")));
                    }
                    CaptureBench.Run run;
                    long[] atEnd;
                    try {
                        run = bench.tokens(round < 0 ? Math.min(seconds, 3) : seconds, () -> {
                            atStart[0] = a.tally.entries.get();
                            atStart[1] = b.tally.entries.get();
                        });
                        atEnd = new long[] {a.tally.entries.get(), b.tally.entries.get()};
                    } finally {
                        for (String id : ids) {
                            delete(id);
                        }
                    }
                    if (round >= 0) {
                        samples.computeIfAbsent(names[config], x -> new ArrayList<>()).add(run.ms());
                        cpu.merge(names[config], run.cpu(), ServerCpu::plus);
                        failed.merge(names[config], bench.errors(), Long::sum);
                        delivered.merge(names[config], Math.min(atEnd[0] - atStart[0], atEnd[1] - atStart[1]),
                                Long::sum);
                    }
                }
            }
        }
        List<Map<String, Object>> results = new ArrayList<>();
        double baseThroughput = 0;
        double baseCpu = 0;
        for (String name : names) {
            double[] all = samples.get(name).stream().flatMapToDouble(Arrays::stream).sorted().toArray();
            if (all.length == 0) {
                throw new IllegalStateException(name + ": no request succeeded");
            }
            double throughput = all.length / ((double) ROUNDS * seconds);
            ServerCpu used = cpu.get(name);
            double perRequest = used.totalMs() / all.length;
            if (baseThroughput == 0) {
                baseThroughput = throughput;
                baseCpu = perRequest;
            }
            double p50 = all[all.length / 2];
            double p95 = all[(int) Math.ceil(all.length * 0.95) - 1];
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("config", name);
            r.put("workload", "tokens");
            r.put("requestsPerSecond", Math.round(throughput * 10) / 10.0);
            r.put("p50Ms", Math.round(p50 * 10) / 10.0);
            r.put("p95Ms", Math.round(p95 * 10) / 10.0);
            r.put("throughputVsNone", Math.round(throughput / baseThroughput * 1000) / 1000.0);
            r.put("failedRequests", failed.get(name));
            r.put("keycloakCpuMsPerRequest", Math.round(used.keycloakMs() / all.length * 1000) / 1000.0);
            r.put("postgresCpuMsPerRequest", Math.round(used.postgresMs() / all.length * 1000) / 1000.0);
            r.put("cpuMsPerRequest", Math.round(perRequest * 1000) / 1000.0);
            r.put("cpuVsNone", Math.round(perRequest / baseCpu * 1000) / 1000.0);
            // Entries each stream's receiver got during the measured windows (the fewer of the two), per request.
            r.put("deliveredPerRequest", Math.round(delivered.get(name) / (double) all.length * 1000) / 1000.0);
            results.add(r);
            System.out.printf("  %-20s %7.1f req/s  p50 %6.1f ms  p95 %6.1f ms  (%.3f of none)%n", name, throughput,
                    p50, p95, throughput / baseThroughput);
            System.out.printf("  %-20s CPU per request: Keycloak %.3f ms + PostgreSQL %.3f ms = %.3f ms (%.3f of none)"
                            + "%s%n", "", used.keycloakMs() / all.length, used.postgresMs() / all.length, perRequest,
                    perRequest / baseCpu, name.equals(names[1]) ? String.format("; each receiver got %.2f entries per"
                            + " request in the window", delivered.get(name) / (double) all.length) : "");
        }
        return results;
    }

    // ---------------------------------------------------------------- streams API

    private static String webhook(String name, String url, int batchSize, int lingerMs, String more) {
        return "{\"name\":\"" + name + "\",\"type\":\"webhook\",\"url\":\"" + url + "\",\"batchSize\":" + batchSize
                + ",\"lingerMs\":" + lingerMs + more + "}";
    }

    private String create(String body) throws Exception {
        HttpResponse<String> r = api.post(STREAMS, body);
        if (r.statusCode() != 201) {
            throw new IllegalStateException("creating a stream answered " + r.statusCode() + ": " + r.body());
        }
        return Api.field(r.body(), "id");
    }

    private void delete(String id) throws Exception {
        int status = api.delete(STREAMS + "/" + id).statusCode();
        if (status >= 300) {
            throw new IllegalStateException("deleting stream " + id + " answered " + status);
        }
    }

    // ---------------------------------------------------------------- load and receivers

    /** Threads requesting client-credentials tokens (each one audited as auth.client.login), as FeedBench does. */
    private static final class TokenLoad {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong issued = new AtomicLong();
        private final ExecutorService pool;

        TokenLoad(String base, int threads) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest token = HttpRequest.newBuilder(URI.create(base + "/realms/demo/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "grant_type=client_credentials&client_id=siem-reader&client_secret=siem-demo-secret")).build();
            pool = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    while (running.get()) {
                        if (http.send(token, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                            issued.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }

        long stop() throws InterruptedException {
            running.set(false);
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.SECONDS);
            return issued.get();
        }
    }

    /** What a receiver got: entries (at or after {@code since}), requests, and optionally each entry's latency. */
    static final class Tally {
        final AtomicLong entries = new AtomicLong();
        final AtomicLong requests = new AtomicLong();
        private final List<Long> latencies = new ArrayList<>();
        volatile long since;
        volatile boolean record;

        void add(String body, long arrived) {
            Matcher m = TIME.matcher(body);
            int n = 0;
            List<Long> mine = record ? new ArrayList<>() : null;
            while (m.find()) {
                long time = Long.parseLong(m.group(1));
                if (time >= since) {
                    n++;
                    if (mine != null) {
                        mine.add(arrived - time);
                    }
                }
            }
            if (mine != null) {
                synchronized (latencies) {
                    latencies.addAll(mine);
                }
            }
            entries.addAndGet(n);
            requests.incrementAndGet();
        }

        List<Long> latencies() {
            synchronized (latencies) {
                return new ArrayList<>(latencies);
            }
        }

        void reset() {
            entries.set(0);
            requests.set(0);
        }
    }

    interface Receiver extends AutoCloseable {
        Tally tally();

        String url();

        @Override
        void close() throws IOException;
    }

    /** A webhook receiver (answers 200) or, with {@code hec}, a Splunk HEC one (answers HEC's success), plain HTTP. */
    private static final class HttpReceiver implements Receiver {
        final Tally tally = new Tally();
        private final HttpServer server;
        private final ExecutorService pool = Executors.newFixedThreadPool(4);
        private final String path;

        HttpReceiver(String path, boolean hec) throws IOException {
            this.path = path;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.setExecutor(pool);
            byte[] answer = hec ? "{\"text\":\"Success\",\"code\":0}".getBytes(StandardCharsets.UTF_8) : new byte[0];
            server.createContext(path, exchange -> {
                try (exchange) {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    tally.add(new String(body, StandardCharsets.UTF_8), System.currentTimeMillis());
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
                    if (answer.length > 0) {
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(answer);
                        }
                    }
                }
            });
            server.start();
        }

        @Override
        public Tally tally() {
            return tally;
        }

        @Override
        public String url() {
            // A HEC stream's URL is the server's base; it posts to /services/collector/event itself.
            return "http://127.0.0.1:" + server.getAddress().getPort() + (path.startsWith("/services/") ? "" : path);
        }

        @Override
        public void close() {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    /** A TCP syslog receiver reading RFC 6587 octet-counted frames ({@code <length> <message>}), one connection each. */
    private static final class SyslogReceiver implements Receiver {
        private final Tally tally = new Tally();
        private final ServerSocket socket;
        private final ExecutorService pool = Executors.newCachedThreadPool();

        SyslogReceiver() throws IOException {
            socket = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
            pool.execute(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        pool.execute(() -> read(s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void read(Socket s) {
            try (s; DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 65_536))) {
                StringBuilder batch = new StringBuilder();
                while (true) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    int length = 0;
                    while (b != ' ') {
                        if (b < '0' || b > '9') {
                            throw new IOException("not an octet-counted frame");
                        }
                        length = length * 10 + (b - '0');
                        b = in.read();
                        if (b < 0) {
                            throw new EOFException();
                        }
                    }
                    byte[] message = new byte[length];
                    in.readFully(message);
                    batch.append(new String(message, StandardCharsets.UTF_8)).append('\n');
                }
                // One connection is one batch.
                tally.add(batch.toString(), System.currentTimeMillis());
            } catch (IOException e) {
                System.out.println("    syslog receiver: " + e);
            }
        }

        @Override
        public Tally tally() {
            return tally;
        }

        @Override
        public String url() {
            return "tcp://127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            pool.shutdownNow();
        }
    }
}
