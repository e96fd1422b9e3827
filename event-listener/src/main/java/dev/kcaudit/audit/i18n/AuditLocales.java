package dev.kcaudit.audit.i18n;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The languages the console page and the exports speak, and how a locale Keycloak resolved (or a caller named)
 * maps onto them. Keycloak's own tags are used: {@code pt-BR}, {@code zh-CN}.
 */
public final class AuditLocales {

    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH,
            Locale.forLanguageTag("es"), Locale.forLanguageTag("pt-BR"), Locale.JAPANESE,
            Locale.forLanguageTag("zh-CN"));

    /** The supported tags, for error messages and documentation: {@code en, de, fr, es, pt-BR, ja, zh-CN}. */
    public static final String TAGS = SUPPORTED.stream().map(Locale::toLanguageTag).collect(Collectors.joining(", "));

    private AuditLocales() {
    }

    /** A caller's {@code locale} parameter ({@code de}, {@code pt-BR}, {@code pt_BR}, {@code zh-cn}…), if supported. */
    public static Optional<Locale> parse(String tag) {
        if (tag == null || tag.isBlank() || !tag.matches("[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*")) {
            return Optional.empty();
        }
        Locale wanted = Locale.forLanguageTag(tag.replace('_', '-'));
        return SUPPORTED.stream().filter(l -> l.toLanguageTag().equalsIgnoreCase(wanted.toLanguageTag())).findFirst()
                .or(() -> wanted.getCountry().isEmpty() && wanted.getScript().isEmpty() ? match(wanted)
                        : Optional.empty());
    }

    /**
     * The supported locale closest to one Keycloak resolved for a user (their own, a cookie's, the browser's or the
     * realm's default): the exact tag, else the same language ({@code de-AT} reads German, {@code pt} and
     * {@code pt-PT} read Brazilian Portuguese, Simplified Chinese only for {@code zh}, {@code zh-CN},
     * {@code zh-SG} and {@code zh-Hans}), else English.
     */
    public static Locale closest(Locale locale) {
        if (locale == null) {
            return Locale.ENGLISH;
        }
        return SUPPORTED.stream().filter(l -> l.equals(locale)).findFirst().or(() -> match(locale))
                .orElse(Locale.ENGLISH);
    }

    private static Optional<Locale> match(Locale locale) {
        String language = locale.getLanguage();
        if (language.equals("zh")) {
            String script = locale.getScript();
            String country = locale.getCountry();
            boolean simplified = script.equals("Hans") || country.equals("CN") || country.equals("SG")
                    || (script.isEmpty() && country.isEmpty());
            return simplified ? Optional.of(SUPPORTED.get(6)) : Optional.empty();
        }
        return SUPPORTED.stream().filter(l -> l.getLanguage().equals(language)).findFirst();
    }
}
