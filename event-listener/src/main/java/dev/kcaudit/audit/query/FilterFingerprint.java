package dev.kcaudit.audit.query;

import dev.kcaudit.audit.store.AuditFilter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Pure: what a cursor pins of the query it was issued for (list pages and the feed alike), made from every component
 * of {@link AuditFilter}: a filter added there is pinned without anyone listing it here. Only the components named in
 * {@link #NOT_PINNED} are left out, on purpose.
 */
public final class FilterFingerprint {

    /**
     * The date range, which a list's default moves with the clock and a feed cursor carries itself, and the caller's
     * scope, which every request applies again (a cursor grants nothing).
     */
    static final Set<String> NOT_PINNED = Set.of("from", "to", "scopeOrganizations");

    /**
     * Components added after cursors were first issued: left out while empty, so a cursor issued before they existed
     * (a SIEM collector's, across an upgrade) still matches a query that does not use them.
     */
    static final Set<String> ADDED_LATER = Set.of("countries", "devices", "teams", "ids", "actorIds");

    private static final List<RecordComponent> PINNED = Arrays.stream(AuditFilter.class.getRecordComponents())
            .filter(c -> !NOT_PINNED.contains(c.getName())).toList();

    private FilterFingerprint() {
    }

    /** The digest of the filter's pinned components, then of {@code more} (a list's sort and order, say). */
    public static String of(AuditFilter filter, String... more) {
        return Cursors.fingerprint(canonical(filter, more));
    }

    /** Every pinned component as {@code name=value}; sets in sorted order, so the order values came in is no matter. */
    static String canonical(AuditFilter filter, String... more) {
        StringBuilder text = new StringBuilder();
        for (RecordComponent c : PINNED) {
            Object value = read(c, filter);
            if (ADDED_LATER.contains(c.getName()) && value instanceof Collection<?> values && values.isEmpty()) {
                continue;
            }
            text.append(c.getName()).append('=');
            append(text, value);
            text.append(';');
        }
        for (String m : more) {
            append(text, m);
        }
        return text.toString();
    }

    /** Values length-prefixed, so no value can pass for two (a comma or a separator inside one changes nothing). */
    private static void append(StringBuilder text, Object value) {
        if (value == null) {
            text.append('-');
        } else if (value instanceof Collection<?> values) {
            List<String> items = new ArrayList<>();
            for (Object v : values) {
                StringBuilder item = new StringBuilder();
                append(item, v);
                items.add(item.toString());
            }
            if (value instanceof Set<?>) {
                items.sort(null);
            }
            text.append('[').append(String.join("", items)).append(']');
        } else if (value instanceof Record record) {
            text.append('(');
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                append(text, read(c, record));
            }
            text.append(')');
        } else {
            String s = value.toString();
            text.append(s.length()).append(':').append(s);
        }
    }

    private static Object read(RecordComponent c, Record from) {
        try {
            return c.getAccessor().invoke(from);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }
}
