package dev.kcaudit.audit.i18n;

import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The audit log's server-side texts in one locale: export headers, the "Filters Applied" sheet, PDF headings, and
 * the labels of categories, actions and outcomes. Backed by {@code dev/kcaudit/audit/i18n/audit-messages*.properties}
 * (UTF-8); English is the root bundle, so a key missing in a translation falls back to English (and
 * MessageBundlesTest fails the build before that can ship).
 */
public final class AuditMessages {

    public static final String BUNDLE = "dev.kcaudit.audit.i18n.audit-messages";

    private static final Map<Locale, AuditMessages> CACHE = new ConcurrentHashMap<>();
    private static final ResourceBundle.Control NO_DEFAULT_LOCALE =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final Locale locale;
    private final ResourceBundle bundle;
    private final DateTimeFormatter dateTime;

    private AuditMessages(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale, AuditMessages.class.getClassLoader(), NO_DEFAULT_LOCALE);
        String pattern = bundle.getString("format.dateTime");
        this.dateTime = pattern.equals("iso") ? null
                : DateTimeFormatter.ofPattern(pattern, locale).withZone(ZoneOffset.UTC);
    }

    /** The texts of one of {@link AuditLocales#SUPPORTED} (any other locale gets the closest, else English). */
    public static AuditMessages of(Locale locale) {
        return CACHE.computeIfAbsent(AuditLocales.closest(locale), AuditMessages::new);
    }

    public static AuditMessages english() {
        return of(Locale.ENGLISH);
    }

    public Locale locale() {
        return locale;
    }

    /** The text of a key; the key itself when no bundle has it (never an exception in the middle of an export). */
    public String get(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
    }

    /** A text with {@code {0}}-style arguments; numbers among them are formatted for the locale. */
    public String format(String key, Object... args) {
        return new MessageFormat(get(key).replace("'", "''"), locale).format(args);
    }

    /** Whether this language writes times as ISO-8601 (English: the files stay what they were). */
    public boolean isoDates() {
        return dateTime == null;
    }

    /** A point in time for people reading this locale, in UTC; ISO-8601 where the bundle says {@code iso}. */
    public String dateTime(long epochMillis) {
        Instant instant = Instant.ofEpochMilli(epochMillis);
        return dateTime == null ? instant.toString() : dateTime.format(instant);
    }
}
