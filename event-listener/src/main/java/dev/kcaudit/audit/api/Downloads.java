package dev.kcaudit.audit.api;

import java.nio.charset.StandardCharsets;

/** Pure: the {@code Content-Disposition} of a download, valid per RFC 6266 whatever the realm is called. */
final class Downloads {

    private static final String ATTR_CHARS = "!#$&+-.^_`|~";

    private Downloads() {
    }

    /**
     * {@code attachment; filename="…"; filename*=UTF-8''…}: the exact name percent-encoded as UTF-8 (RFC 8187), which
     * current browsers use, and a quoted ASCII fallback for the rest, in which anything but printable ASCII, a quote or
     * a backslash becomes {@code _}. {@code fileName} holds no control characters (ExportRequest replaced them).
     */
    static String attachment(String fileName) {
        StringBuilder ascii = new StringBuilder();
        fileName.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\'
                ? Character.toString(c) : "_"));
        StringBuilder encoded = new StringBuilder();
        for (byte b : fileName.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || ATTR_CHARS.indexOf(c) >= 0)) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format("%02X", c));
            }
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
