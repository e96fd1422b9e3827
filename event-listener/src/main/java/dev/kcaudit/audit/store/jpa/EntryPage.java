package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.store.AuditFilter;
import dev.kcaudit.audit.store.PageRequest;
import dev.kcaudit.audit.store.SortKey;
import dev.kcaudit.audit.store.jpa.EntryHql.ActorColumn;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One page of entries (with their chain rows), read in a shape the database answers from an index in page order.
 *
 * <p>Most filters are one query that stops at the page. Two are not, because no index yields their matches in order:
 * <ul>
 * <li>An IP block is a range of keys in the (realm, IP key, time, id) index, so its matches come out by key and must be
 * sorted. The page's ids are read and sorted from the index alone, then only the page's rows are fetched, where
 * fetching and sorting every match as a row was slow on a wide block.</li>
 * <li>An actor is matched against its id, username and e-mail. Their OR has no index in time order, so the database
 * walked the date range dropping other actors' entries. Each column is read on its own index, newest first, and the
 * three ordered reads are merged.</li>
 * </ul>
 * docs/benchmarks.md measures both reads, before and after.
 */
final class EntryPage {

    /** An entry's place in time order. */
    record Key(String id, long time) {
    }

    private final EntityManager em;

    EntryPage(EntityManager em) {
        this.em = em;
    }

    /** The page's entities, in page order, at most {@code max + 1} (the extra one tells that more follow). */
    List<AuditEntryEntity> read(AuditFilter filter, PageRequest page) {
        boolean ascending = page.ascending() != page.backwards();
        boolean byActorColumn = !filter.actors().isEmpty() && page.sort() == SortKey.TIME;
        if (!byActorColumn && filter.ipRanges().isEmpty()) {
            // The chain row comes in the same query (at most one per entry, so paging is unaffected): one round trip
            // per page, and per batch of an export.
            EntryHql q = ordered(filter, page, ascending, null)
                    .join("left join AuditEntryChainEntity c on c.entryId = e.id");
            return withChains(q.select(em, "e, c", Object[].class)
                    .setFirstResult(page.first()).setMaxResults(page.max() + 1).getResultList());
        }
        List<Key> keys;
        if (byActorColumn) {
            List<Key> all = new ArrayList<>();
            for (ActorColumn column : ActorColumn.values()) {
                all.addAll(keys(ordered(filter, page, ascending, column), 0, page.first() + page.max() + 1));
            }
            keys = merge(all, ascending, page.first(), page.max() + 1);
        } else {
            keys = keys(ordered(filter, page, ascending, null), page.first(), page.max() + 1);
        }
        return byIds(keys, page.max() + 1);
    }

    /** The matching read, after the page's position, in page order. */
    private static EntryHql ordered(AuditFilter filter, PageRequest page, boolean ascending, ActorColumn column) {
        EntryHql q = EntryHql.matching(filter, page.sort() == SortKey.TIME, column);
        if (page.position() != null) {
            q.after(page.sort(), ascending, page.position());
        }
        return q.orderBy(page.sort(), ascending);
    }

    private List<Key> keys(EntryHql q, int first, int max) {
        return q.select(em, "e.id, " + q.time(), Object[].class).setFirstResult(first).setMaxResults(max)
                .getResultStream().map(r -> new Key((String) r[0], ((Number) r[1]).longValue())).toList();
    }

    /**
     * Ordered reads merged into one order (time, then id), each entry once (an actor filter value may match an entry
     * in two columns), skipping {@code first} and keeping at most {@code max}. Ids are UUIDs, which compare alike in
     * Java and in any database collation, so the merge agrees with the database's own order of each read.
     */
    static List<Key> merge(List<Key> keys, boolean ascending, int first, int max) {
        Comparator<Key> order = Comparator.comparingLong(Key::time).thenComparing(Key::id);
        Map<String, Key> unique = new LinkedHashMap<>();
        keys.stream().sorted(ascending ? order : order.reversed()).forEach(k -> unique.putIfAbsent(k.id(), k));
        return unique.values().stream().skip(first).limit(max).toList();
    }

    /**
     * The entries of the keys, in the keys' order. The id list is padded to {@code size} by repeating an id, so the
     * query's text (one parameter per id) is the same for every page of a size and Hibernate translates it once.
     */
    private List<AuditEntryEntity> byIds(List<Key> keys, int size) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Math.max(size, keys.size()); i++) {
            names.add(":i" + i);
        }
        TypedQuery<Object[]> q = em.createQuery("select e, c from AuditEntryEntity e"
                + " left join AuditEntryChainEntity c on c.entryId = e.id where e.id in (" + String.join(", ", names)
                + ")", Object[].class).setHint(EntryHql.READ_ONLY, true);
        for (int i = 0; i < names.size(); i++) {
            q.setParameter("i" + i, keys.get(Math.min(i, keys.size() - 1)).id());
        }
        Map<String, AuditEntryEntity> byId = new HashMap<>();
        for (AuditEntryEntity e : withChains(q.getResultList())) {
            byId.put(e.getId(), e);
        }
        return keys.stream().map(k -> byId.get(k.id())).filter(e -> e != null).toList();
    }

    private static List<AuditEntryEntity> withChains(List<Object[]> rows) {
        return rows.stream().map(AuditEntryEntity::joined).toList();
    }
}
