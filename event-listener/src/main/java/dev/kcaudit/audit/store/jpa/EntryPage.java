package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.store.AuditFilter;
import dev.kcaudit.audit.store.PageRequest;
import dev.kcaudit.audit.store.SortKey;
import dev.kcaudit.audit.store.jpa.EntryHql.ActorColumn;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * One page of entries (with their chain rows), read in a shape the database answers from an index in page order.
 *
 * <p>Most filters are one query that stops at the page. Two are not, because no index yields their matches in order:
 * <ul>
 * <li>An IP block is a range of keys in the (realm, IP key, time, id) index, so its matches come out by key and must be
 * sorted (one address is one key, whose entries come out in time order: it is read as any other filter). The page's
 * ids are read and sorted from the index, then only the page's rows are fetched, where fetching and sorting every
 * match as a row was slow on a wide block; one statement, where an id read and a fetch took two.</li>
 * <li>An actor is matched against its id, username and e-mail. Their OR has no index in time order, so the database
 * walked the date range dropping other actors' entries. Each column is read on its own index, newest first, up to the
 * page's end, and the page is taken from the union of the three reads, all in one statement.</li>
 * </ul>
 * docs/benchmarks.md measures both reads, before and after.
 */
final class EntryPage {

    private static final String CHAIN_JOIN = "left join AuditEntryChainEntity c on c.entryId = e.id";

    /**
     * The chain row of each entry the page walks, one primary-key probe per row, in the index's order. A page planned
     * once is estimated at a handful of rows (PostgreSQL's default for a range it cannot see), and on a small log that
     * estimate made the plain join hash the whole chain table and sort the page again: 0.3 ms where the probes take
     * 0.1 (docs/benchmarks.md, section 7). A lateral read with a limit is never turned into a hash join.
     */
    private static final String CHAIN_PER_ROW = "left join lateral (select c.entryId as entryId, c.seq as seq,"
            + " c.chainPrevSeq as prevSeq, c.chainHash as hash from AuditEntryChainEntity c where c.entryId = e.id"
            + " order by c.entryId limit 1) ch";
    /** The selection of an entry {@code e} with its chain row read through {@link #CHAIN_PER_ROW}. */
    private static final String WITH_CHAIN_PER_ROW = EntryRow.columns("e", "ch.entryId, ch.seq, ch.prevSeq, ch.hash");
    /** The selection of the rows an id subquery names ({@link #rowsOf}): x, because the subquery's reads use e. */
    private static final String BY_IDS_COLUMNS = EntryRow.columns("x", EntryRow.JOINED_CHAIN);

    private final EntityManager em;
    /** Lateral joins are PostgreSQL's here: MariaDB has none, and H2's planner has no hash join to avoid. */
    private final boolean postgres;

    /** Free text's walk, in entries, before the day-keyed index takes over ({@link TextByDay}). */
    private final int textWalk;

    EntryPage(EntityManager em, int textWalk) {
        this.em = em;
        this.textWalk = textWalk;
        this.postgres = em.getEntityManagerFactory().unwrap(SessionFactoryImplementor.class).getJdbcServices()
                .getDialect() instanceof PostgreSQLDialect;
    }

    /**
     * The page's entries as read ({@link EntryRow}: unmanaged, without the filter-only columns), in page order, at most
     * {@code max + 1} (the extra one tells that more follow).
     */
    List<AuditEntryEntity> read(AuditFilter filter, PageRequest page) {
        if (postgres && TextByDay.applies(filter, page)) {
            TextByDay byDay = new TextByDay(em, this, textWalk);
            if (byDay.indexed()) {
                return byDay.read(filter, page);
            }
        }
        return readPlain(filter, page);
    }

    /** As {@link #read}, free text walking the entries in page order. */
    List<AuditEntryEntity> readPlain(AuditFilter filter, PageRequest page) {
        boolean ascending = page.ascending() != page.backwards();
        boolean byActorColumn = !filter.actors().isEmpty() && page.sort() == SortKey.TIME;
        if (!byActorColumn && !byIpBlock(filter)) {
            // The chain row comes in the same query (at most one per entry, so paging is unaffected): one round trip
            // per page, and per batch of an export.
            EntryHql q = ordered(filter, page, ascending, null);
            if (byOneIndex(filter, page)) {
                q.limit(page.max() + 1);
                if (postgres) {
                    return rows(q.join(CHAIN_PER_ROW).select(em, WITH_CHAIN_PER_ROW, Object[].class)
                            .getResultList());
                }
                return rows(q.join(CHAIN_JOIN).select(em, EntryRow.JOINED, Object[].class).getResultList());
            }
            return rows(q.join(CHAIN_JOIN).select(em, EntryRow.JOINED, Object[].class)
                    .setFirstResult(page.first()).setMaxResults(page.max() + 1).getResultList());
        }
        if (byActorColumn) {
            return byActor(filter, page, ascending);
        }
        return byIpKey(filter, page, ascending);
    }

    /** Whether the filter names an IP block or several addresses, whose keys the index holds in key order, not time. */
    private static boolean byIpBlock(AuditFilter filter) {
        return !filter.ipRanges().isEmpty() && !oneAddress(filter);
    }

    private static boolean oneAddress(AuditFilter filter) {
        return filter.ipRanges().size() == 1 && filter.ipRanges().get(0).oneAddress();
    }

    /** The IP block's page: its ids, offset and page taken in the subquery, then those rows in page order. */
    private List<AuditEntryEntity> byIpKey(AuditFilter filter, PageRequest page, boolean ascending) {
        EntryHql read = ordered(filter, page, ascending, null);
        TypedQuery<Object[]> q = em.createQuery(rowsOf(read.text(read.id() + " as entryId")
                + " limit :n offset :first", page.sort(), ascending), Object[].class).setHint(EntryHql.READ_ONLY, true);
        read.parameters().forEach(q::setParameter);
        q.setParameter("n", page.max() + 1).setParameter("first", page.first());
        return rows(q.getResultList());
    }

    /**
     * The actor's page in one statement: each column's ordered read stops at the page's end, and the page is the
     * entries among them, in time order. An entry that two columns match comes once ({@code in}), so the offset counts
     * entries, not matches. One statement, where a read per column and a fetch took four round trips.
     */
    private List<AuditEntryEntity> byActor(AuditFilter filter, PageRequest page, boolean ascending) {
        List<EntryHql> reads = new ArrayList<>();
        for (ActorColumn column : ActorColumn.values()) {
            reads.add(ordered(filter, page, ascending, column));
        }
        TypedQuery<Object[]> q = em.createQuery(inAnyOf(reads, ascending), Object[].class)
                .setHint(EntryHql.READ_ONLY, true);
        reads.forEach(r -> r.parameters().forEach(q::setParameter));
        q.setParameter("n", page.first() + page.max() + 1);
        return rows(q.setFirstResult(page.first()).setMaxResults(page.max() + 1).getResultList());
    }

    /**
     * Whether the page's plan follows from its shape whatever the values, so that PostgreSQL keeps a plan made once
     * (generic) instead of planning the statement on every page:
     * <ul>
     * <li>the actor read with no other filter, in the whole realm: each branch can only walk its own column's index and
     * the outer query only fetches by primary key;</li>
     * <li>one actor (or one actor id) with at most one outcome and at most one category that is common in the realm
     * ({@code commonCategory}, from {@link CategoryShares}): the actor's index holds the page's order (time, then id),
     * so the plan walks the actor's entries and stops at the page, which is also what the plan for the values does.
     * With a rare category, a busy actor's walk can be long where the category's own index is short, so that read is
     * planned for its values;</li>
     * <li>a page on one index ({@link #byOneIndex}).</li>
     * </ul>
     * Every other read is planned for its values, where the best index depends on them (docs/query.md).
     */
    static boolean planFixedByShape(AuditFilter f, PageRequest page, Predicate<String> commonCategory) {
        if (byOneIndex(f, page)) {
            return true;
        }
        if (page.sort() != SortKey.TIME || f.scopeOrganizations() != null) {
            return false;
        }
        if (!f.actors().isEmpty() && f.filtersOnly(Set.of("actors"))) {
            return true;
        }
        boolean oneActor = f.actors().size() + f.actorIds().size() == 1;
        return oneActor && f.filtersOnly(Set.of("actors", "actorIds", "categories", "outcomes"))
                && f.outcomes().size() <= 1 && f.categories().size() <= 1
                && f.categories().stream().allMatch(commonCategory);
    }

    /**
     * A page of the whole realm by time, from a cursor or the start (no offset), with no filter or one value of a filter
     * that has its own (realm, column, time, id) index (one IP address included, not a block): one walk of that index
     * that stops at the page, whatever the values, because the index holds the page's whole order (docs/benchmarks.md
     * has the plans). Its row count is written into the text ({@link EntryHql#limit}), so a plan made once knows the
     * page is small; with the count as a parameter it chose a parallel scan of the whole range.
     */
    static boolean byOneIndex(AuditFilter f, PageRequest page) {
        if (page.sort() != SortKey.TIME || page.first() != 0 || f.scopeOrganizations() != null) {
            return false;
        }
        // At most one value among the indexed filters, and no other filter.
        return f.filtersOnly(Set.of("categories", "actions", "resourceTypes", "resourceIds", "actorIds", "ipRanges"))
                && (f.ipRanges().isEmpty() || oneAddress(f))
                && f.categories().size() + f.actions().size() + f.resourceTypes().size() + f.resourceIds().size()
                + f.actorIds().size() + f.ipRanges().size() <= 1;
    }

    /** Entries (with chain rows) among the first {@code :n} of each ordered read, in time order. */
    static String inAnyOf(List<EntryHql> reads, boolean ascending) {
        String union = reads.stream().map(r -> "(" + r.text(r.id() + " as entryId") + " limit :n)")
                .collect(Collectors.joining(" union all "));
        return rowsOf(union, SortKey.TIME, ascending);
    }

    /**
     * The entries (with chain rows) whose ids a subquery selects, in page order. The subquery is a derived table
     * because MariaDB refuses a {@code limit} directly inside {@code in (…)}.
     */
    private static String rowsOf(String ids, SortKey sort, boolean ascending) {
        String dir = ascending ? " asc" : " desc";
        // x, not e: the reads in the subquery use e.
        String value = EntryColumns.sortValue(sort, "x");
        return "select " + BY_IDS_COLUMNS
                + " from AuditEntryEntity x left join AuditEntryChainEntity c on c.entryId = x.id"
                + " where x.id in (select k.entryId from (" + ids + ") k) order by "
                + (value == null ? "" : value + dir + ", ") + "x.time" + dir + ", x.id" + dir;
    }

    /** The matching read, after the page's position, in page order. */
    private static EntryHql ordered(AuditFilter filter, PageRequest page, boolean ascending, ActorColumn column) {
        EntryHql q = EntryHql.matching(filter, page.sort() == SortKey.TIME, column);
        if (page.position() != null) {
            q.after(page.sort(), ascending, page.position());
        }
        return q.orderBy(page.sort(), ascending);
    }

    private static List<AuditEntryEntity> rows(List<Object[]> rows) {
        return rows.stream().map(EntryRow::entity).toList();
    }
}
