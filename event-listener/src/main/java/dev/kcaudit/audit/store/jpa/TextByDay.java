package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.store.AuditFilter;
import dev.kcaudit.audit.store.PageRequest;
import dev.kcaudit.audit.store.SortKey;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page of free text on PostgreSQL, in bounded time however far back its matches lie.
 *
 * <p>Walking the realm's entries newest first finds a common term at once, but a rare one only after every newer entry
 * that lacks it (0.8 µs each: 45 ms behind 50,000). A trigram index finds a rare term at once, but costs what its
 * posting lists hold, for the whole log. So a page is read in two steps:
 * <ol>
 * <li>the walk, over at most {@code walk} entries from the page's start (the entries themselves bound it, not time:
 * a burst puts many in one minute);</li>
 * <li>past them, the day-keyed trigram index ({@code 2026-12-15-text-by-day.xml}), one window of days at a time,
 * 1, 2, 4 … up to 32 days, until the page is full or the range ends. A window's candidates are only its days' entries
 * with every trigram of the term's longest run of letters and digits; the term itself is matched again as always.</li>
 * </ol>
 * Windows are read as ids in page order, then fetched with their chain rows as any page is. Pages by offset, other
 * sort orders, terms without three ASCII letters or digits in a row, reads with a narrow filter of their own, ranges
 * holding fewer entries than the walk, and databases without the index walk as before.
 */
final class TextByDay {

    static final long DAY = 86_400_000L;
    private static final int MOST_DAYS = 32;
    private static final Pattern RUN = Pattern.compile("[a-z0-9]{3,}");
    /** Per persistence unit: {@link #FOUND}, or when the index was last looked for and missing. */
    private static final Map<EntityManagerFactory, Long> INDEXED = new WeakHashMap<>();
    private static final long FOUND = Long.MIN_VALUE;
    private static final long LOOK_AGAIN_MS = 60_000L;

    private final EntityManager em;
    private final EntryPage plain;
    private final int walk;

    TextByDay(EntityManager em, EntryPage plain, int walk) {
        this.em = em;
        this.plain = plain;
        this.walk = walk;
    }

    /**
     * The longest run of ASCII letters and digits in the terms, three or more long, or null. Only ASCII: those are
     * letters and digits to pg_trgm in every locale, so the run lies inside one of the entry's words and each of its
     * trigrams is among the entry's.
     */
    static String run(List<String> terms) {
        String longest = null;
        for (String term : terms) {
            Matcher m = RUN.matcher(term);
            while (m.find()) {
                if (longest == null || m.group().length() > longest.length()) {
                    longest = m.group();
                }
            }
        }
        return longest;
    }

    /**
     * Whether the page can be read this way: free text with a run, a page of time order from a position or the start,
     * and no filter whose own index is narrower than a walk of the realm (an actor, actor id, resource id, IP address,
     * country or entry ids: their reads walk that index, as before).
     */
    static boolean applies(AuditFilter f, PageRequest page) {
        return !f.terms().isEmpty() && page.sort() == SortKey.TIME && page.first() == 0 && run(f.terms()) != null
                && f.filtersOnly(Set.of("terms", "categories", "actions", "resourceTypes", "outcomes", "sources",
                        "devices", "organizations", "teams"));
    }

    /**
     * Whether the day-keyed index is there and valid, and its predicate reachable by its plain name: pg_trgm may have
     * been missing when the changeset ran, Keycloak's schema may be off the connection's search path, and on a large
     * log that upgraded the server builds the index after start ({@link DayIndexBuild}). An index found stays found; a
     * missing one is looked for again after a minute.
     */
    boolean indexed() {
        EntityManagerFactory factory = em.getEntityManagerFactory();
        long now = System.currentTimeMillis();
        synchronized (INDEXED) {
            Long known = INDEXED.get(factory);
            if (known != null && (known == FOUND || now - known < LOOK_AGAIN_MS)) {
                return known == FOUND;
            }
        }
        boolean found = !em.createNativeQuery("SELECT 1 WHERE (" + DayIndexBuild.state("current_schema()")
                + ") AND to_regprocedure('audit_text_in_day(bigint, text, bigint, text)') IS NOT NULL")
                .getResultList().isEmpty();
        synchronized (INDEXED) {
            INDEXED.put(factory, found ? FOUND : now);
        }
        return found;
    }

    List<AuditEntryEntity> read(AuditFilter f, PageRequest page) {
        boolean ascending = page.ascending() != page.backwards();
        int want = page.max() + 1;
        long start = page.position() == null ? (ascending ? f.from() : f.to()) : page.position().time();
        Long edge = nth(f, ascending, start, walk);
        if (edge == null) {
            return plain.readPlain(f, page);  // the range holds fewer entries than the walk
        }
        // The range's far end, or the realm's last entry toward it when nearer (there is one: the edge's): the windows
        // stop there.
        long last = last(f, ascending);
        if (ascending ? edge < 0 : Math.max(f.from(), last) < 0) {
            return plain.readPlain(f, page);  // days before 1970: the index's days are rounded toward zero
        }
        long end = ascending ? Math.min(f.to(), last) : Math.max(f.from(), last);
        // The walk: the page's start to the edge's time, every entry of that time included.
        List<AuditEntryEntity> rows = new ArrayList<>(plain.readPlain(
                ascending ? f.withTimeRange(f.from(), edge) : f.withTimeRange(edge, f.to()), page));
        String run = run(f.terms());
        long next = ascending ? edge + 1 : edge - 1;
        int days = 1;
        while (rows.size() < want && (ascending ? next <= end : next >= end)) {
            long day = Math.floorDiv(next, DAY);
            long low = ascending ? next : Math.max(end, (day - days + 1) * DAY);
            long high = ascending ? Math.min(end, (day + days) * DAY - 1) : next;
            List<String> ids = ids(f.withTimeRange(low, high), run, ascending, want - rows.size());
            if (!ids.isEmpty()) {
                rows.addAll(plain.readPlain(f.withIds(new LinkedHashSet<>(ids)),
                        new PageRequest(SortKey.TIME, page.ascending(), ids.size(), 0, null, page.backwards())));
            }
            next = ascending ? high + 1 : low - 1;
            days = Math.min(days * 2, MOST_DAYS);
        }
        return rows;
    }

    /**
     * The time of the realm's {@code n}-th entry from {@code start} toward the range's far end, in the read's
     * direction, or null when the range holds fewer: the walk's edge. Only the realm and time bound it, the index's own
     * columns.
     */
    private Long nth(AuditFilter f, boolean ascending, long start, int n) {
        String bound = ascending ? " and e.time >= :start and e.time <= :far"
                : " and e.time <= :start and e.time >= :far";
        String dir = ascending ? " asc" : " desc";
        List<Long> times = em.createQuery("select e.time from AuditEntryEntity e where e.realmId = :realm" + bound
                        + " order by e.time" + dir + ", e.id" + dir, Long.class)
                .setParameter("realm", f.realmId()).setParameter("start", start)
                .setParameter("far", ascending ? f.to() : f.from())
                .setHint(EntryHql.READ_ONLY, true).setFirstResult(n).setMaxResults(1).getResultList();
        return times.isEmpty() ? null : times.get(0);
    }

    /** The time of the realm's newest entry ({@code ascending}: toward which the read goes) or oldest. */
    private long last(AuditFilter f, boolean ascending) {
        return em.createQuery("select " + (ascending ? "max" : "min") + "(e.time) from AuditEntryEntity e"
                + " where e.realmId = :realm", Long.class).setParameter("realm", f.realmId()).getSingleResult();
    }

    /**
     * The ids of the window's matches, at most {@code max}, in page order: every filter, the term matched as always,
     * and candidates from the index for each of the window's days. The function is inlined by PostgreSQL into the
     * indexed expression's {@code @>}.
     */
    private List<String> ids(AuditFilter window, String run, boolean ascending, int max) {
        EntryHql q = EntryHql.matching(window, false);
        String term = q.param(run);
        List<String> inDays = new ArrayList<>();
        long first = Math.floorDiv(window.from(), DAY);
        for (long d = first; d <= Math.floorDiv(window.to(), DAY); d++) {
            inDays.add("function('AUDIT_TEXT_IN_DAY', e.time, e.searchText, " + q.param(d) + ", " + term + ") = true");
        }
        q.and(String.join(" or ", inDays)).orderBy(SortKey.TIME, ascending);
        return q.select(em, "e.id", String.class).setMaxResults(max).getResultList();
    }
}
