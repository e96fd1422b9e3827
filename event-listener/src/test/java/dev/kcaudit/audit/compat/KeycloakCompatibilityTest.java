package dev.kcaudit.audit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KeycloakCompatibilityTest {

    private static List<KeycloakCompatibility.Message> errors(KeycloakCompatibility c) {
        return c.messages().stream().filter(KeycloakCompatibility.Message::error).toList();
    }

    @Test
    void theNewestKeycloakWithAMatchingThemeDegradesNothing() {
        KeycloakCompatibility c = new KeycloakCompatibility("26.7.3", true, true, "26.7.3");
        assertThat(c.messages()).hasSize(1);
        assertThat(c.messages().get(0).text()).contains("Keycloak 26.7.3").contains("degraded: nothing");
    }

    @Test
    void keycloak264NamesWhatItLacksWithoutAnError() {
        KeycloakCompatibility c = new KeycloakCompatibility("26.4.7", false, false, "26.7.3");
        assertThat(errors(c)).isEmpty();
        assertThat(c.messages().get(0).text()).contains("SCIM").contains("organization attribute audit-admins");
    }

    @Test
    void aServerOutsideTheRangeIsAnErrorForTheExtensionAndTheTheme() {
        assertThat(errors(new KeycloakCompatibility("26.3.5", false, false, "26.7.3"))).hasSize(2);
        assertThat(errors(new KeycloakCompatibility("27.0.0", true, true, "26.7.3"))).hasSize(2);
    }

    @Test
    void aThemeBuiltForAnotherKeycloakIsAnError() {
        assertThat(errors(new KeycloakCompatibility("26.5.6", false, false, "26.2.0")))
                .singleElement().extracting(KeycloakCompatibility.Message::text).asString()
                .contains("26.2.0").contains("theme jar of this release");
    }

    @Test
    void aMissingOrUnlabelledThemeIsReportedButNotAnError() {
        assertThat(errors(new KeycloakCompatibility("26.7.3", true, true, null))).isEmpty();
        assertThat(new KeycloakCompatibility("26.7.3", true, true, null).messages()).hasSize(2);
        assertThat(errors(new KeycloakCompatibility("26.7.3", true, true, ""))).isEmpty();
    }

    @Test
    void theRangeIsByMinor() {
        assertThat(KeycloakCompatibility.supported("26.4.0")).isTrue();
        assertThat(KeycloakCompatibility.supported("26.7.99")).isTrue();
        assertThat(KeycloakCompatibility.supported("26.8.0")).isFalse();
        assertThat(KeycloakCompatibility.supported("nightly")).isFalse();
    }

    @Test
    void theThemeSaysTheAdminConsoleVersionItIsBuiltWith() throws IOException {
        Path module = Path.of("..", "admin-ui-extension");
        JsonNode pkg = new ObjectMapper().readTree(module.resolve("package.json").toFile());
        Properties build = new Properties();
        Path file = module.resolve("src/main/resources").resolve(StartupReport.THEME_BUILD);
        try (Reader in = Files.newBufferedReader(file)) {
            build.load(in);
        }
        String pinned = pkg.path("dependencies").path("@keycloak/keycloak-admin-ui").asText();
        assertThat(build.getProperty("keycloak-admin-ui")).isEqualTo(pinned);
        assertThat(KeycloakCompatibility.supported(pinned)).isTrue();
    }
}
