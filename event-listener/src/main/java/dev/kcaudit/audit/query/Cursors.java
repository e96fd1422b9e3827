package dev.kcaudit.audit.query;

import dev.kcaudit.audit.store.PageRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Pure: opaque paging cursors. A cursor carries a row's position and the query it belongs to (realm, filters and
 * sort, as a fingerprint): following it with another realm or other filters is a 400, never a silent restart.
 * Cursors grant nothing: every request applies the caller's own scope again.
 */
public final class Cursors {

    /** A decoded cursor. */
    public record Cursor(PageRequest.Position position, boolean backwards) {
    }

    private static final String VERSION = "1";

    private Cursors() {
    }

    public static String encode(String fingerprint, PageRequest.Position at, boolean backwards) {
        String text = String.join("\n", VERSION, fingerprint, backwards ? "p" : "n", Long.toString(at.time()), at.id(),
                at.sortValue() == null ? "\u0000" : at.sortValue());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decode(String cursor, String fingerprint) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", -1);
        } catch (IllegalArgumentException e) {
            throw new BadParameter("cursor", "cursor is not a cursor this API issued");
        }
        if (parts.length != 6 || !VERSION.equals(parts[0]) || !parts[2].matches("[np]")) {
            throw new BadParameter("cursor", "cursor is not a cursor this API issued");
        }
        if (!parts[1].equals(fingerprint)) {
            throw new BadParameter("cursor", "cursor belongs to another realm, filter or sort order; "
                    + "start again without a cursor");
        }
        try {
            String sortValue = parts[5].equals("\u0000") ? null : parts[5];
            return new Cursor(new PageRequest.Position(sortValue, Long.parseLong(parts[3]), parts[4]),
                    parts[2].equals("p"));
        } catch (NumberFormatException e) {
            throw new BadParameter("cursor", "cursor is not a cursor this API issued");
        }
    }

    /** A short digest of the query a cursor belongs to. */
    public static String fingerprint(String canonicalQuery) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonicalQuery.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
