package dev.kcaudit.resilience.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keycloak homes for the nodes: the unpacked 26.7.3 distribution with our provider (Maven puts both in
 * {@code target/}), built once per database vendor ({@code kc.sh build}; the vendor is a build option), then copied
 * for each node, so nodes share nothing but the database.
 */
final class Distribution {

    private static final Path DIST = Path.of(System.getProperty("resilience.keycloak", "target/keycloak-26.7.3"));
    private static final Path WORK = Path.of(System.getProperty("resilience.work", "target/nodes"));

    private Distribution() {
    }

    /** A fresh home for {@code node}, copied from the vendor's built template. */
    static synchronized Path home(Database db, String node) {
        Path template = template(db);
        Path home = WORK.resolve(db.vendor()).resolve(node);
        run(WORK, List.of("rm", "-rf", home.toString()), 120);
        run(WORK, List.of("cp", "-a", template.toString(), home.toString()), 120);
        return home;
    }

    static Path work() {
        return WORK;
    }

    private static Path template(Database db) {
        Path template = WORK.resolve(db.vendor()).resolve("template");
        Path marker = template.resolve("built-with");
        String provider = fingerprint(DIST.resolve("providers/keycloak-audit-log.jar"));
        try {
            if (Files.exists(marker) && Files.readString(marker).equals(provider)) {
                return template;
            }
            Files.createDirectories(template.getParent());
            run(WORK, List.of("rm", "-rf", template.toString()), 120);
            run(WORK, List.of("cp", "-a", DIST.toString(), template.toString()), 120);
            Files.writeString(template.resolve("build.log"), "");
            run(template, List.of("bin/kc.sh", "build", "--db=" + db.vendor(), "--health-enabled=true",
                    "--metrics-enabled=true"), 300);
            Files.writeString(marker, provider);
            return template;
        } catch (IOException e) {
            throw new IllegalStateException("Could not prepare Keycloak for " + db.vendor(), e);
        }
    }

    /** Size and time of the provider jar: a new build of the extension rebuilds the templates. */
    private static String fingerprint(Path jar) {
        try {
            return Files.size(jar) + "@" + Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException e) {
            throw new IllegalStateException("The provider jar is missing (run through Maven: ./mvnw -Presilience "
                    + "verify -pl resilience -am): " + jar, e);
        }
    }

    private static void run(Path dir, List<String> command, int timeoutSeconds) {
        try {
            Files.createDirectories(dir);
            Path log = Files.createTempFile("resilience-cmd", ".log");
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " failed: " + Files.readString(log));
            }
            Files.delete(log);
        } catch (IOException e) {
            throw new IllegalStateException(command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
