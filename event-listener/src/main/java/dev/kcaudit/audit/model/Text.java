package dev.kcaudit.audit.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pure: text typed by anyone (a failed login's user name, a realm's name in a file name) made harmless to show.
 * Control characters and Unicode's bidirectional controls (which can make {@code exe.txt} read as {@code txt.exe} in a
 * table, a log viewer or a SIEM) are never stored or sent as themselves.
 */
public final class Text {

    /** C0/C1 controls, DEL, and the bidirectional marks, embeddings, overrides and isolates. */
    private static final Pattern UNSAFE = Pattern.compile("[\\p{Cc}\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]");

    private Text() {
    }

    /** Each unsafe character as a visible escape, e.g. {@code \u202E} becomes the six characters {@code \u202E}. */
    public static String neutralize(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = UNSAFE.matcher(text);
        if (!m.find()) {
            return text;
        }
        return m.reset().replaceAll(r -> Matcher.quoteReplacement(String.format("\\u%04X", (int) r.group().charAt(0))));
    }

    /** Each unsafe character replaced by {@code with} (file names). */
    public static String replaceUnsafe(String text, String with) {
        return text == null ? null : UNSAFE.matcher(text).replaceAll(Matcher.quoteReplacement(with));
    }
}
