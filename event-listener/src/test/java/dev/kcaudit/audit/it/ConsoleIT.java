package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    @Test
    void auditLogPagePassesItsBrowserTests() throws Exception {
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
        Path screenshots = Path.of(System.getProperty("audit.screenshots", "target/screenshots")).toAbsolutePath();
        Files.createDirectories(screenshots);

        ProcessBuilder node = new ProcessBuilder("node", "--test", "--test-concurrency=1", "--test-reporter=spec",
                "e2e/").directory(UI.toFile()).redirectErrorStream(true);
        node.environment().put("KC_URL", "http://localhost:8080");
        node.environment().put("CHROMIUM", chromium.toString());
        node.environment().put("SCREENSHOTS", screenshots.toString());
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
        assertThat(process.exitValue()).as("browser tests (admin-ui-extension/e2e):%n%s", log).isZero();
        // Every test in the file ran and passed: none was skipped or silently lost.
        long declared = Files.readAllLines(UI.resolve("e2e/console.test.mjs")).stream()
                .filter(line -> line.trim().startsWith("test(\"")).count();
        assertThat(log).contains("pass " + declared).contains("fail 0");
    }
}
