package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpServer;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.DemoUsers;
import dev.kcaudit.audit.it.support.KeycloakVersion;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Tokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * The Audit log page in a real browser: runs {@code admin-ui-extension/e2e} (node's test runner, playwright-core,
 * Debian's Chromium) against this suite's Keycloak with the theme deployed and the demo realm. The browser tests
 * compare every view with the audit API; their output is printed here and a failure fails this test.
 */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class ConsoleIT {

    private static final Path UI = Path.of("..", "admin-ui-extension").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    @Test
    void auditLogPagePassesItsBrowserTests() throws Exception {
        Path chromium = chromium();
        String log = runE2e(chromium, List.of("e2e/"), Map.of());
        // Every test in the files ran and passed: none was skipped or silently lost.
        long declared = 0;
        try (var files = Files.list(UI.resolve("e2e"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".test.mjs")).toList()) {
                declared += declaredTests(file);
            }
        }
        // The team test skips itself where Keycloak has no organization groups (26.4, 26.5): nothing else may skip.
        long skipped = KeycloakVersion.has(KeycloakVersion.Feature.ORGANIZATION_GROUPS) ? 0 : 1;
        assertThat(log).contains("pass " + (declared - skipped)).contains("fail 0").contains("skipped " + skipped);
    }

    /**
     * The Streams tab ({@code e2e/streams.e2e.mjs}) with a webhook receiver of ours: a realm auditor creates a stream
     * to it, sees the secret once, sends a test event (which the page shows and the receiver has), pauses and deletes
     * it; an organization admin sees only their organization's streams. Here: the test event the receiver got is
     * signed with the secret the page showed.
     */
    @Test
    void theStreamsTabCreatesTestsPausesAndDeletesAWebhookStream() throws Exception {
        Path chromium = chromium();
        try (Receiver receiver = new Receiver()) {
            Path result = Files.createTempFile("audit-streams-e2e", ".json");
            try {
                String log = runE2e(chromium, List.of("e2e/streams.e2e.mjs"),
                        Map.of("RECEIVER_URL", receiver.url(), "RESULT_FILE", result.toString()));
                assertThat(log).contains("pass " + declaredTests(UI.resolve("e2e/streams.e2e.mjs"))).contains("fail 0");
                JsonNode shown = JSON.readTree(Files.readString(result));
                String entryId = shown.path("entryId").asText();
                Receiver.Request test = receiver.requests.stream()
                        .filter(r -> r.body().path("type").asText().equals("audit.test")).findFirst().orElseThrow();
                assertThat(test.body().path("entries")).extracting(e -> e.path("id").asText()).containsExactly(entryId);
                assertThat(test.signedWith(shown.path("secret").asText()))
                        .as("the test event is signed with the secret the page showed once").isTrue();
                // Everything the receiver got (the stream's own batches too, before it was paused) carries that signature;
                // the organization admin's streams were created paused and sent nothing.
                assertThat(receiver.requests).allSatisfy(r -> assertThat(r.signedWith(shown.path("secret").asText()))
                        .as("signed with the shown secret: %s", r.body()).isTrue());
            } finally {
                Files.deleteIfExists(result);
            }
        }
    }

    /**
     * The Signals tab ({@code e2e/signals.e2e.mjs}) on a signal raised for real: five wrong passwords for one user at
     * Keycloak's token endpoint make the failed-logins-user rule raise one. The page lists it as the API has it (rule,
     * severity, subject, count), and "Show triggering entries" shows exactly the entries the signal names; an event
     * manager changes a rule's threshold in the settings. Here: those entries are the user's five failed logins.
     */
    @Test
    void theSignalsTabShowsARaisedSignalAndExactlyItsTriggeringEntries() throws Exception {
        Path chromium = chromium();
        String username = "signal-" + Long.toString(System.currentTimeMillis(), 36);
        String userId = DemoUsers.create(username, "right-Passw0rd");
        for (int i = 0; i < 5; i++) {
            if (i > 0) {
                Thread.sleep(1_100); // past Keycloak's quick-login check, which would lock the user at once
            }
            assertThat(Tokens.password(DemoRealmConfig.REALM, "demo-app", username, "wrong-" + i).status())
                    .isEqualTo(KeycloakVersion.invalidGrantStatus());
        }
        String auditor = Tokens.demoUser("auditor");
        JsonNode signal = awaitSignal(auditor, "signal.failed-logins-user", userId);
        JsonNode details = signal.path("details");
        List<String> triggers = new ArrayList<>();
        details.path("triggers").forEach(t -> triggers.add(t.asText()));
        assertThat(details.path("rule").asText()).isEqualTo("failed-logins-user");
        assertThat(details.path("count").asInt()).isEqualTo(5);
        assertThat(triggers).hasSize(5);
        assertThat(signal.path("resource").path("name").asText()).isEqualTo(username);
        // What the signal names are the user's failed logins.
        List<JsonNode> named = AuditApi.entries(DemoRealmConfig.REALM, auditor, "id=" + String.join(",", triggers)
                + "&from=" + details.path("firstTime").asLong() + "&to=" + (details.path("lastTime").asLong() + 1));
        assertThat(named).extracting(e -> e.path("id").asText()).containsExactlyInAnyOrderElementsOf(triggers);
        assertThat(named).allSatisfy(e -> {
            assertThat(e.path("action").asText()).isEqualTo("auth.login.failed");
            assertThat(e.path("actor").path("username").asText()).isEqualTo(username);
        });

        Path result = Files.createTempFile("audit-signals-e2e", ".json");
        try {
            String log = runE2e(chromium, List.of("e2e/signals.e2e.mjs"),
                    Map.of("SIGNAL_ID", signal.path("id").asText(), "RESULT_FILE", result.toString()));
            assertThat(log).contains("pass " + declaredTests(UI.resolve("e2e/signals.e2e.mjs"))).contains("fail 0");
            JsonNode shown = JSON.readTree(Files.readString(result));
            assertThat(shown.path("shown")).extracting(JsonNode::asText)
                    .as("the Entries tab showed exactly the signal's triggers").containsExactlyInAnyOrderElementsOf(triggers);
            assertThat(shown.path("row").path("count").asText()).isEqualTo("5");
            assertThat(shown.path("row").path("subject").asText()).endsWith(username);
        } finally {
            Files.deleteIfExists(result);
        }
    }

    /** Waits (up to a minute: rules judge entries as they are sequenced) for the rule's signal about a resource. */
    private static JsonNode awaitSignal(String token, String action, String resourceId) throws InterruptedException {
        List<JsonNode> signals = List.of();
        for (long end = System.currentTimeMillis() + 60_000; System.currentTimeMillis() < end; Thread.sleep(500)) {
            signals = AuditApi.entries(DemoRealmConfig.REALM, token, "category=security&action=" + action);
            var found = signals.stream().filter(e -> e.path("resource").path("id").asText().equals(resourceId)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new AssertionError("No " + action + " signal about " + resourceId + " within a minute; the security entries: "
                + signals);
    }

    private static long declaredTests(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(line -> line.trim().startsWith("test(\"")).count();
    }

    /** Debian's Chromium; the test is skipped where it is missing (failed instead where AUDIT_REQUIRE_BROWSER=true). */
    private static Path chromium() {
        assumeTrue(!"remote".equals(System.getProperty("kc.test.database")),
                "The console's browser tests run once, in the H2 run: the page does not depend on the database");
        Path chromium = Path.of(System.getProperty("audit.chromium", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            String why = "Chromium not found at " + chromium + ": install Debian's chromium (apt-get install chromium)"
                    + " to run the console's browser tests";
            if ("true".equals(System.getenv("AUDIT_REQUIRE_BROWSER"))) {
                fail(why);
            }
            System.out.printf("%n[audit-it] %s. ConsoleIT is SKIPPED.%n%n", why);
            assumeTrue(false, why);
        }
        return chromium;
    }

    /** Runs node's test runner on the files in admin-ui-extension; its output is printed and returned. */
    private static String runE2e(Path chromium, List<String> files, Map<String, String> env) throws Exception {
        Path screenshots = Path.of(System.getProperty("audit.screenshots", "target/screenshots")).toAbsolutePath();
        Files.createDirectories(screenshots);
        List<String> command = new ArrayList<>(List.of("node", "--test", "--test-concurrency=1", "--test-reporter=spec"));
        command.addAll(files);
        ProcessBuilder node = new ProcessBuilder(command).directory(UI.toFile()).redirectErrorStream(true);
        node.environment().put("KC_URL", "http://localhost:8080");
        node.environment().put("CHROMIUM", chromium.toString());
        node.environment().put("SCREENSHOTS", screenshots.toString());
        // The server places addresses (AuditServerConfig): the page must show where entries came from.
        node.environment().put("EXPECT_GEOIP", "true");
        node.environment().putAll(env);
        Process process = node.start();
        // Read on a thread of its own, so the time limit below holds even if node stops printing.
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    System.out.println("[e2e] " + line);
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("(output lost: " + e.getMessage() + ")");
            }
        });
        reader.start();
        boolean done = process.waitFor(10, TimeUnit.MINUTES);
        if (!done) {
            process.descendants().forEach(ProcessHandle::destroyForcibly); // Chromium too
            process.destroyForcibly();
        }
        reader.join(10_000);
        String log = String.join("\n", output);
        assertThat(done).as("browser tests finished within 10 minutes:%n%s", log).isTrue();
        assertThat(process.exitValue()).as("browser tests (admin-ui-extension/%s):%n%s", files, log).isZero();
        return log;
    }

    /**
     * A webhook receiver that takes everything (204) and keeps each request; {@code GET /received} lists the
     * bodies, so the browser test can see its test event arrive. The signature is checked afterwards, with the
     * secret the page showed.
     */
    private static final class Receiver implements AutoCloseable {

        record Request(String webhookId, String timestamp, String signature, byte[] raw, JsonNode body) {
            boolean signedWith(String whsec) {
                try {
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(new SecretKeySpec(Base64.getDecoder().decode(whsec.substring("whsec_".length())), "HmacSHA256"));
                    mac.update((webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
                    String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(raw));
                    return signature != null && List.of(signature.split(" ")).contains(expected);
                } catch (java.security.GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        final List<Request> requests = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", ex -> {
                byte[] raw = ex.getRequestBody().readAllBytes();
                var h = ex.getRequestHeaders();
                requests.add(new Request(h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"),
                        h.getFirst("webhook-signature"), raw, JSON.readTree(raw)));
                ex.sendResponseHeaders(204, -1);
                ex.close();
            });
            server.createContext("/received", ex -> {
                ArrayNode bodies = JSON.createArrayNode();
                requests.forEach(r -> bodies.add(r.body()));
                byte[] out = JSON.writeValueAsBytes(bodies);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, out.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(out);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
