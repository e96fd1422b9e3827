package dev.kcaudit.resilience.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One real Keycloak 26.7.3 process ({@code kc.sh start --optimized}) with our provider, on its own ports and its own
 * copy of the distribution, alone or clustered through the shared database ({@code jdbc-ping}) over loopback. It
 * can be stopped, or killed with SIGKILL like a crashed machine, and started again on the same database.
 */
public final class KeycloakNode implements AutoCloseable {

    /** HTTP, management and cluster-transport ports; never the 8080/9000/8443 the other suites and the demo use. */
    public record Ports(int http, int management, int cluster) {
    }

    public static final Ports A = new Ports(18080, 19000, 7820);
    public static final Ports B = new Ports(18081, 19001, 7821);
    public static final String REALM = "demo";

    /** Every node started and not yet stopped: killed if the test JVM exits early. */
    private static final Set<KeycloakNode> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(KeycloakNode::killAll)));
    }

    private final String name;
    private final Ports ports;
    private final Database db;
    private final boolean clustered;
    private final Path home;
    private final List<Path> logs = new ArrayList<>();
    private final Api api;
    private Process process;

    private KeycloakNode(String name, Ports ports, Database db, boolean clustered) {
        this.name = name;
        this.ports = ports;
        this.db = db;
        this.clustered = clustered;
        this.home = Distribution.home(db, name);
        this.api = new Api("http://127.0.0.1:" + ports.http());
    }

    /** A cluster member (embedded Infinispan, {@code jdbc-ping} discovery through the database, over loopback). */
    public static KeycloakNode clustered(String name, Ports ports, Database db) {
        return new KeycloakNode(name, ports, db, true);
    }

    /**
     * A lone node ({@code --cache=local}). A lone clustered node restarted after {@code kill -9} would first spend
     * about 20 s trying to join its dead former self, whose row is still in the discovery table.
     */
    public static KeycloakNode single(String name, Ports ports, Database db) {
        return new KeycloakNode(name, ports, db, false);
    }

    public Api api() {
        return api;
    }

    public String name() {
        return name;
    }

    /** Starts Keycloak and waits until it is ready; {@code importRealm} imports the demo realm (first node only). */
    public KeycloakNode start(boolean importRealm) {
        launch(importRealm);
        awaitReady();
        return this;
    }

    private void launch(boolean importRealm) {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start", "--optimized",
                "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + ports.http(),
                "--http-management-port=" + ports.management(), "--hostname-strict=false",
                // Short timers, so sequencing, sealing, retention and export hand-over happen within a test.
                "--spi-audit-store--jpa--maintenance-interval-ms=1000",
                "--spi-audit-store--jpa--sequence-interval-ms=500",
                "--spi-audit-store--jpa--export-stale-after-ms=5000",
                // Streams to a receiver in the test (plain HTTP), looked at often, taken over 5 s after a node dies.
                "--spi-audit-store--jpa--stream-allow-http=true",
                "--spi-audit-store--jpa--stream-interval-ms=200",
                "--spi-audit-store--jpa--stream-lease-ms=5000",
                "--spi-admin-realm-restapi-extension--audit-log--feed-requests-per-minute=1000000"));
        command.addAll(db.keycloakOptions());
        command.addAll(clustered ? List.of("--cache=ispn", "--cache-stack=jdbc-ping",
                "--cache-embedded-network-bind-address=127.0.0.1", "--cache-embedded-network-bind-port=" + ports.cluster())
                : List.of("--cache=local"));
        if (importRealm) {
            command.add("--import-realm");
            copyRealm();
        }
        Path log = Distribution.work().resolve(db.vendor()).resolve(name + "-" + (logs.size() + 1) + ".log");
        logs.add(log);
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx512m");
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + name, e);
        }
        RUNNING.add(this);
    }

    private void copyRealm() {
        try {
            Path imports = home.resolve("data/import");
            Files.createDirectories(imports);
            Files.copy(Path.of(System.getProperty("resilience.realm", "../realm-config/demo-realm.json")),
                    imports.resolve("demo-realm.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://127.0.0.1:" + ports.management() + "/health/ready");
        long deadline = System.currentTimeMillis() + 240_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited while starting:\n" + tail(60));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        throw new IllegalStateException(name + " not ready after 240 s:\n" + tail(60));
    }

    /** SIGKILL to the Java process (not only kc.sh): no shutdown hook, no commit, no goodbye to the cluster. */
    public void kill9() {
        java(process).forEach(ProcessHandle::destroyForcibly);
        waitForExit();
    }

    /** A graceful stop (SIGTERM to Java), then SIGKILL after 30 s. */
    public void stop() {
        if (process == null) {
            return;
        }
        java(process).forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                killAll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waitForExit();
    }

    private void waitForExit() {
        try {
            for (ProcessHandle p : java(process)) {
                p.onExit().get(30, TimeUnit.SECONDS);
            }
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            killAll();
        }
        RUNNING.remove(this);
    }

    private void killAll() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static List<ProcessHandle> java(Process kcSh) {
        List<ProcessHandle> java = kcSh.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).toList();
        return java.isEmpty() ? List.of(kcSh.toHandle()) : java;
    }

    /** How the provider names this node (a stream's lease owner, an attempt's node): the Java process id, '@', host. */
    public String nodeNamePrefix() {
        return java(process).get(0).pid() + "@";
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Everything this node logged, over all its starts. */
    public String log() {
        return logs.stream().map(p -> {
            try {
                return Files.readString(p);
            } catch (IOException e) {
                return "";
            }
        }).collect(Collectors.joining("\n"));
    }

    /** The last {@code lines} lines this node logged at WARN or ERROR, for a failure's message. */
    public String warnings(int lines) {
        return last(log().lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList(), lines);
    }

    public String tail(int lines) {
        return last(log().lines().toList(), lines);
    }

    private static String last(List<String> all, int lines) {
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() {
        stop();
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return name + "@" + api.base();
    }
}
