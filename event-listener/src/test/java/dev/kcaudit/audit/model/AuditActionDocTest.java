package dev.kcaudit.audit.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/events.md is the published taxonomy: it must list exactly the code's actions and categories. */
class AuditActionDocTest {

    private static final Path DOC = Path.of("..", "docs", "events.md");
    private static final Pattern ACTION_ROW = Pattern.compile("^\\| `([a-z.-]+)` \\| (.+?) \\| `([a-z-]+)` \\|$");
    private static final Pattern CATEGORY_ROW = Pattern.compile("^\\| `([a-z-]+)` \\| ([^|]+?) \\|$");

    @Test
    void actionTableMatchesTheTaxonomy() throws IOException {
        List<String> documented = Files.readAllLines(DOC).stream()
                .map(ACTION_ROW::matcher).filter(Matcher::matches)
                .map(m -> m.group(1) + " | " + m.group(2) + " | " + m.group(3)).toList();
        List<String> code = Arrays.stream(AuditAction.values())
                .map(a -> a.id() + " | " + a.label() + " | " + a.category().id()).toList();
        assertThat(documented).containsExactlyElementsOf(code);
    }

    @Test
    void categoryTableMatchesTheCode() throws IOException {
        List<String> documented = Files.readAllLines(DOC).stream()
                .map(CATEGORY_ROW::matcher).filter(Matcher::matches)
                .map(m -> m.group(1) + " | " + m.group(2)).toList();
        List<String> code = Arrays.stream(Category.values()).map(c -> c.id() + " | " + c.label()).toList();
        assertThat(documented).containsExactlyElementsOf(code);
    }

    @Test
    void actionIdsAreUnique() {
        assertThat(Arrays.stream(AuditAction.values()).map(AuditAction::id).distinct().count())
                .isEqualTo(AuditAction.values().length);
    }
}
