package dev.kcaudit.audit.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcaudit.audit.api.AuditLogResourceProviderFactory;
import dev.kcaudit.audit.store.jpa.JpaAuditStoreProviderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

/** The README's table of server options says exactly what the providers declare to Keycloak, defaults included. */
class ServerOptionsDocTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(--spi-[^`]+)` \\| ([^|]+) \\|", Pattern.MULTILINE);

    @Test
    void theReadmeTableIsWhatTheProvidersDeclare() throws IOException {
        Map<String, String> declared = new LinkedHashMap<>();
        for (ProviderConfigProperty p : new JpaAuditStoreProviderFactory().getConfigMetadata()) {
            declared.put("--spi-audit-store--jpa--" + p.getName(), text(p.getDefaultValue()));
            assertThat(p.getHelpText()).as("help text of %s", p.getName()).isNotBlank();
        }
        for (ProviderConfigProperty p : new AuditLogResourceProviderFactory().getConfigMetadata()) {
            declared.put("--spi-admin-realm-restapi-extension--audit-log--" + p.getName(), text(p.getDefaultValue()));
            assertThat(p.getHelpText()).as("help text of %s", p.getName()).isNotBlank();
        }
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher m = ROW.matcher(Files.readString(Path.of("..", "README.md")));
        while (m.find()) {
            String value = m.group(2).strip();
            documented.put(m.group(1), switch (value) {
                case "—" -> null;
                case "(empty)" -> "";
                default -> value.replace("`", "");
            });
        }
        assertThat(documented).as("README's server options").isEqualTo(declared);
    }

    private static String text(Object value) {
        return Objects.toString(value, null);
    }
}
