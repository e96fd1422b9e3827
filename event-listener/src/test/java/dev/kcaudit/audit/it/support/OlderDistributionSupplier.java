package dev.kcaudit.audit.it.support;

import io.quarkus.fs.util.ZipUtils;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.keycloak.it.utils.Maven;
import org.keycloak.testframework.server.DistributionKeycloakServerSupplier;
import org.keycloak.testframework.server.KeycloakServer;
import org.keycloak.testframework.util.FileUtils;
import org.keycloak.testframework.util.TmpDir;

/**
 * The distribution server ({@code kc.test.server=older-distribution}) for a Keycloak older than the test framework:
 * the 26.7 framework always passes {@code --shutdown-delay} and {@code --shutdown-timeout}, which 26.4's {@code kc.sh}
 * refuses ("Unknown option"). This prepares the installation exactly where and as the framework does (so the framework
 * re-uses it) and makes its {@code kc.sh} drop those two options; everything else is the framework's own supplier.
 * The kc-26.4 and kc-26.5 profiles select it.
 */
public class OlderDistributionSupplier extends DistributionKeycloakServerSupplier {

    static final String MARKER = "# audit-log tests: options this Keycloak does not know";
    private static final String FILTER = MARKER + "\n"
            + "for a in \"$@\"; do shift; case \"$a\" in --shutdown-delay=*|--shutdown-timeout=*) ;; "
            + "*) set -- \"$@\" \"$a\" ;; esac; done\n";

    @Override
    public KeycloakServer getServer() {
        try {
            prepare();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return super.getServer();
    }

    @Override
    public String getAlias() {
        return "older-distribution";
    }

    private static void prepare() throws IOException {
        File dist = Maven.resolveArtifact("org.keycloak", "keycloak-quarkus-dist").toFile();
        File installDir = Path.of(TmpDir.resolveTmpDir().getAbsolutePath(), "kc-test-framework", "keycloak").toFile();
        File[] homes = installDir.listFiles();
        File home = homes != null && homes.length == 1 ? homes[0] : null;
        File stamp = home == null ? null : new File(home, "zip-last-modified");
        if (stamp == null || !stamp.isFile() || FileUtils.readLongFromFile(stamp) != dist.lastModified()) {
            if (installDir.isDirectory()) {
                FileUtils.delete(installDir);
            }
            Files.createDirectories(installDir.toPath());
            ZipUtils.unzip(dist.toPath(), installDir.toPath());
            home = installDir.listFiles()[0];
            FileUtils.writeToFile(new File(home, "zip-last-modified"), dist.lastModified());
        }
        Path kcSh = home.toPath().resolve("bin").resolve("kc.sh");
        String script = Files.readString(kcSh, StandardCharsets.UTF_8);
        if (!script.contains(MARKER)) {
            int afterShebang = script.indexOf('\n') + 1;
            Files.writeString(kcSh, script.substring(0, afterShebang) + FILTER + script.substring(afterShebang),
                    StandardCharsets.UTF_8);
        }
        if (!kcSh.toFile().setExecutable(true)) {
            throw new IOException("Cannot make " + kcSh + " executable");
        }
    }
}
