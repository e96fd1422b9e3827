package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The jar users copy into providers/ (built by `package` before the integration tests): besides our classes it
 * carries only the libraries Keycloak lacks, relocated under dev.kcaudit.shaded so they cannot clash, nothing refers
 * to their original packages, and every SPI and changelog file is there.
 */
class PackagedJarIT {

    private static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("keycloak-audit-log-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no packaged jar in target/"));
        }
    }

    @Test
    void onlyOurClassesAndRelocatedLibraries() throws IOException {
        List<String> offenders = new ArrayList<>();
        int ours = 0;
        int shaded = 0;
        try (JarFile jar = new JarFile(jar().toFile())) {
            for (JarEntry entry : jar.stream().toList()) {
                String name = entry.getName();
                if (!name.endsWith(".class")) {
                    continue;
                }
                if (name.startsWith("dev/kcaudit/audit/")) {
                    ours++;
                } else if (name.startsWith("dev/kcaudit/shaded/")) {
                    shaded++;
                } else {
                    offenders.add(name);
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    String bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                    if (bytes.contains("org/dhatim/") || bytes.contains("com/github/rzymek/")
                            || bytes.contains("org/apache/pdfbox/") || bytes.contains("org/apache/fontbox/")
                            || bytes.contains("org/apache/kafka/")) {
                        offenders.add(name + " refers to an unrelocated package");
                    }
                }
            }
            assertThat(jar.getEntry("META-INF/services/org.keycloak.events.EventListenerProviderFactory")).isNotNull();
            assertThat(jar.getEntry("META-INF/services/org.keycloak.services.resources.admin.ext"
                    + ".AdminRealmResourceProviderFactory")).isNotNull();
            assertThat(jar.getEntry("META-INF/audit-changelog-master.xml")).isNotNull();
            assertThat(jar.getEntry("META-INF/audit-log/openapi.json")).isNotNull();
        }
        assertThat(ours).as("our classes").isPositive();
        assertThat(shaded).as("relocated library classes").isPositive();
        assertThat(offenders).isEmpty();
    }
}
