package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.IpKey;
import dev.kcaudit.audit.store.AuditStore.Facet;
import dev.kcaudit.audit.store.SortKey;
import java.util.Locale;

/** The HQL columns that sort keys and facets name, and an entry's sort value as a cursor holds it. */
final class EntryColumns {

    private EntryColumns() {
    }

    /** The sort value as stored in cursors; nullable columns sort as empty text. Null for time. */
    static String sortValue(SortKey key) {
        return sortValue(key, "e");
    }

    /** The same, of the entry named {@code alias}. */
    static String sortValue(SortKey key, String alias) {
        String a = alias + ".";
        return switch (key) {
            case TIME -> null;
            case ACTOR -> "coalesce(" + a + "actorUsername, '')";
            case ACTION -> a + "action";
            case CATEGORY -> a + "category";
            case RESOURCE_TYPE -> "coalesce(" + a + "resourceType, '')";
            case OUTCOME -> a + "outcome";
            case IP -> "coalesce(" + a + "ipKey, '')";
        };
    }

    /** The same sort value, of an entry as read (for the cursor after it). */
    static String sortValue(AuditEntry x, SortKey key) {
        String v = switch (key) {
            case TIME -> null;
            case ACTOR -> x.actor().username();
            case ACTION -> x.action().id();
            case CATEGORY -> x.category().id();
            case RESOURCE_TYPE -> x.resource() == null ? null : x.resource().type();
            case OUTCOME -> x.outcome().result().name().toLowerCase(Locale.ROOT);
            case IP -> IpKey.of(x.ipAddress());
        };
        return key == SortKey.TIME ? null : v == null ? "" : v;
    }

    static String column(Facet facet) {
        return switch (facet) {
            case CATEGORY -> "e.category";
            case ACTION -> "e.action";
            case RESOURCE_TYPE -> "e.resourceType";
            case SOURCE -> "e.source";
            case OUTCOME -> "e.outcome";
            case COUNTRY -> "e.country";
            case DEVICE -> "e.device";
        };
    }
}
