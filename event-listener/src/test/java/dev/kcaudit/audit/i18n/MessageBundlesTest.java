package dev.kcaudit.audit.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.Category;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bundle holds every key of the English one (and no other), with the same placeholders: the exports' bundles
 * in this module and the console page's in admin-ui-extension.
 */
class MessageBundlesTest {

    private static final Path THEME_MESSAGES =
            Path.of("..", "admin-ui-extension", "src", "main", "resources", "theme", "audit-log", "admin", "messages");
    private static final Pattern SERVER_ARG = Pattern.compile("\\{\\d+}");
    private static final Pattern UI_ARG = Pattern.compile("\\{\\{\\w+}}");

    static Stream<Locale> translations() {
        return AuditLocales.SUPPORTED.stream().filter(l -> !l.equals(Locale.ENGLISH));
    }

    @ParameterizedTest
    @MethodSource("translations")
    void exportBundleHasEveryEnglishKeyWithItsPlaceholders(Locale locale) throws IOException {
        Properties english = server("");
        Properties translated = server("_" + locale.toString());
        assertSameKeysAndPlaceholders(english, translated, SERVER_ARG);
        DateTimeFormatter.ofPattern(translated.getProperty("format.dateTime"), locale);
    }

    @ParameterizedTest
    @MethodSource("translations")
    void consoleBundleHasEveryEnglishKeyWithItsPlaceholders(Locale locale) throws IOException {
        assertSameKeysAndPlaceholders(theme("en"), theme(locale.toString()), UI_ARG);
    }

    @Test
    void everyCategoryAndActionHasAnEnglishLabel() throws IOException {
        Properties english = server("");
        Arrays.stream(Category.values()).forEach(c -> assertThat(english).containsKey("category." + c.id()));
        Arrays.stream(AuditAction.values()).forEach(a -> assertThat(english).containsKey("action." + a.id()));
        Properties console = theme("en");
        Arrays.stream(Category.values()).forEach(c -> assertThat(console).containsKey("auditCategory_" + c.id()));
    }

    /** An export's report names each filter it was made with: every filter parameter has a label. */
    @Test
    void everyFilterAnExportNamesHasALabel() throws IOException {
        Properties english = server("");
        dev.kcaudit.audit.export.ExportRequest.PARAMS.stream()
                .filter(p -> !dev.kcaudit.audit.export.ExportRequest.NOT_FILTERS.contains(p))
                .forEach(p -> assertThat(english).as("filter." + p).containsKey("filter." + p));
    }

    @Test
    void everyKeyThePageAsksForIsInTheEnglishBundle() throws IOException {
        Set<String> used = new TreeSet<>();
        Pattern call = Pattern.compile("\\bt\\(\"(audit\\w+)\"");
        try (Stream<Path> files = Files.walk(Path.of("..", "admin-ui-extension", "src"))) {
            for (Path file : files.filter(f -> f.toString().matches(".*\\.tsx?")).toList()) {
                Matcher m = call.matcher(Files.readString(file));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        assertThat(used).isNotEmpty();
        assertThat(theme("en").stringPropertyNames()).containsAll(used);
    }

    @Test
    void messagesFallBackToTheirKeyAndFormatForTheLocale() {
        assertThat(AuditMessages.of(Locale.GERMAN).get("column.actor")).isEqualTo("Akteur");
        assertThat(AuditMessages.of(Locale.forLanguageTag("de-AT")).locale()).isEqualTo(Locale.GERMAN);
        assertThat(AuditMessages.of(Locale.forLanguageTag("zh-TW")).locale()).isEqualTo(Locale.ENGLISH);
        assertThat(AuditMessages.of(Locale.forLanguageTag("pt")).locale()).isEqualTo(Locale.forLanguageTag("pt-BR"));
        assertThat(AuditMessages.english().dateTime(1_796_170_215_000L)).isEqualTo("2026-12-02T00:10:15Z");
        assertThat(AuditMessages.of(Locale.GERMAN).dateTime(1_796_170_215_000L)).isEqualTo("02.12.2026 00:10:15 UTC");
        assertThat(AuditMessages.of(Locale.JAPANESE).dateTime(1_796_170_215_000L)).isEqualTo("2026/12/02 0:10:15 UTC");
        assertThat(AuditMessages.of(Locale.GERMAN).format("pdf.footer", 1234, "x"))
                .isEqualTo("Seite 1.234   Erstellt x");
        assertThat(AuditMessages.of(Locale.FRENCH).format("report.integrityValue", "d")).startsWith("d (à vérifier");
        assertThat(AuditLocales.parse("pt_BR")).contains(Locale.forLanguageTag("pt-BR"));
        assertThat(AuditLocales.parse("ZH-cn")).contains(Locale.forLanguageTag("zh-CN"));
        assertThat(AuditLocales.parse("it")).isEmpty();
        assertThat(AuditLocales.parse("de;x")).isEmpty();
    }

    private static void assertSameKeysAndPlaceholders(Properties english, Properties translated, Pattern arg) {
        assertThat(translated.stringPropertyNames()).as("keys").isEqualTo(english.stringPropertyNames());
        TreeMap<String, Set<String>> expected = new TreeMap<>();
        TreeMap<String, Set<String>> actual = new TreeMap<>();
        english.stringPropertyNames().forEach(k -> {
            expected.put(k, args(arg, english.getProperty(k)));
            actual.put(k, args(arg, translated.getProperty(k, "")));
        });
        assertThat(actual).as("placeholders").isEqualTo(expected);
        translated.stringPropertyNames().forEach(k -> assertThat(translated.getProperty(k)).as(k).isNotBlank());
    }

    private static Set<String> args(Pattern arg, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = arg.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    private static Properties server(String suffix) throws IOException {
        String name = "/" + AuditMessages.BUNDLE.replace('.', '/') + suffix + ".properties";
        try (InputStream in = MessageBundlesTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
    }

    private static Properties theme(String locale) throws IOException {
        try (Reader in = Files.newBufferedReader(THEME_MESSAGES.resolve("messages_" + locale + ".properties"),
                StandardCharsets.UTF_8)) {
            return load(in);
        }
    }

    private static Properties load(Reader in) throws IOException {
        Properties p = new Properties();
        p.load(in);
        return p;
    }
}
