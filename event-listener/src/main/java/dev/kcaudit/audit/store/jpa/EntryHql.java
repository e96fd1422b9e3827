package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.model.IpKey;
import dev.kcaudit.audit.store.AuditFilter;
import dev.kcaudit.audit.store.PageRequest;
import dev.kcaudit.audit.store.SortKey;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A read of entries as HQL text. Every read (list, count, facets, export, feed) starts from {@link #matching}, so a
 * filter means the same everywhere; each filter adds one predicate, each value one numbered parameter.
 *
 * <p>Why text and not Criteria: Hibernate parses and translates a query once per distinct text and caches the result,
 * whereas it builds and translates a Criteria query on every run (docs/benchmarks.md measured the cost). Values
 * never enter the text, and a set of n values becomes n parameters (Hibernate does not cache a plan with a list-valued
 * parameter, which is what it takes a lone parameter in {@code in (…)} for: see {@link #list}), so the text depends
 * only on which filters are set and how many values each has.
 */
final class EntryHql {

    static final String READ_ONLY = "org.hibernate.readOnly";
    /** LIKE escape character; not a backslash, which HQL string literals would treat as an escape of their own. */
    private static final char ESCAPE = '!';

    private final StringBuilder from;
    private final List<String> where = new ArrayList<>();
    private final Map<String, Object> params = new LinkedHashMap<>();
    /** The time and id columns that bound, order and page the read: the entry's, or its organization tag's. */
    private final String time;
    private final String id;
    private String order = "";
    private String group = "";
    private String limit = "";
    private int subqueries;

    /** Names this read's parameters, so that reads joined into one statement ({@code EntryPage}) keep them apart. */
    private final String names;

    private EntryHql(String from, String time, String id, String names) {
        this.from = new StringBuilder(from);
        this.time = time;
        this.id = id;
        this.names = names;
    }

    /**
     * Entries that match the filter. With {@code byOrganizationTag} and exactly one team or organization in force (the
     * {@code team} or {@code organization} filter, or an admin of a single one), the read is driven by that tag:
     * {@code AUDIT_ENTRY_ORG}'s (realm, tag, time, entry) index yields its entries
     * newest first, where a probe per entry of the date range would walk every untagged entry too. Time and paging
     * then use the tag's copy of the entry's time, so reads that order by another column should not ask for it.
     */
    static EntryHql matching(AuditFilter f, boolean byOrganizationTag) {
        return matching(f, byOrganizationTag, null);
    }

    /** The actor columns an actor filter is matched against. */
    enum ActorColumn { ID, USERNAME, EMAIL }

    /**
     * As {@link #matching(AuditFilter, boolean)}, with the actor filter matched against one column only (all three
     * when null): each column has an index in time order, where their OR has none (see {@code EntryPage}).
     */
    static EntryHql matching(AuditFilter f, boolean byOrganizationTag, ActorColumn actorColumn) {
        EntryHql q = withSealRecords(f, byOrganizationTag, actorColumn);
        // Seal records are integrity metadata, one per seal (docs/integrity.md): lists, counts, facets and exports
        // show them when asked for by action; the feed and single-entry reads (withSealRecords) always carry them.
        if (!f.actions().contains(SEAL_RECORD)) {
            q.and("e.action <> '" + SEAL_RECORD + "'");
        }
        return q;
    }

    private static final String SEAL_RECORD = dev.kcaudit.audit.model.AuditAction.AUDIT_SEALED.id();

    /** As {@link #matching(AuditFilter, boolean)}, seal records included: what the feed and single reads use. */
    static EntryHql withSealRecords(AuditFilter f, boolean byOrganizationTag) {
        return withSealRecords(f, byOrganizationTag, null);
    }

    private static EntryHql withSealRecords(AuditFilter f, boolean byOrganizationTag, ActorColumn actorColumn) {
        String tag = byOrganizationTag ? singleOrganization(f) : null;
        // An actor column's read is one branch of a union (EntryPage), so its parameters carry the column's name.
        String names = actorColumn == null ? "p" : actorColumn.name().toLowerCase(Locale.ROOT);
        EntryHql q = tag == null ? new EntryHql("AuditEntryEntity e", "e.time", "e.id", names)
                : new EntryHql("AuditEntryOrgEntity o join AuditEntryEntity e on e.id = o.entryId", "o.time",
                        "o.entryId", names);
        String realm = q.param(f.realmId());
        q.and("e.realmId = " + realm);
        if (tag != null) {
            q.and("o.realmId = " + realm).and("o.orgId = " + q.param(tag));
        }
        if (f.from() != Long.MIN_VALUE) {
            q.and(q.time + " >= " + q.param(f.from()));
        }
        if (f.to() != Long.MAX_VALUE) {
            q.and(q.time + " <= " + q.param(f.to()));
        }
        q.in("e.category", f.categories()).in("e.action", f.actions()).in("e.resourceType", f.resourceTypes())
                .in("e.resourceId", f.resourceIds()).in("e.outcome", f.outcomes()).in("e.source", f.sources())
                .in("e.country", f.countries()).in("e.device", f.devices()).in("e.id", f.ids())
                .in("e.actorId", f.actorIds());
        if (!f.actors().isEmpty()) {
            Set<String> lower = lower(f.actors());
            q.and(actorColumn == null ? q.list("e.actorId", f.actors()) + " or " + q.list("e.actorUsername", lower)
                    + " or " + q.list("e.actorEmail", lower)
                    : switch (actorColumn) {
                        case ID -> q.list("e.actorId", f.actors());
                        case USERNAME -> q.list("e.actorUsername", lower);
                        case EMAIL -> q.list("e.actorEmail", lower);
                    });
        }
        if (!f.ipRanges().isEmpty()) {
            List<String> ranges = new ArrayList<>();
            for (IpKey.Range r : f.ipRanges()) {
                ranges.add(r.oneAddress() ? "e.ipKey = " + q.param(r.low())
                        : "e.ipKey between " + q.param(r.low()) + " and " + q.param(r.high()));
            }
            q.and(String.join(" or ", ranges));
        }
        // The tag that drives the read needs no second look-up.
        Set<String> driving = tag == null ? null : Set.of(tag);
        if (!f.organizations().isEmpty() && !f.organizations().equals(driving)) {
            q.and(q.taggedWith(f.organizations()));
        }
        if (!f.teams().isEmpty() && !f.teams().equals(driving)) {
            q.and(q.taggedWith(f.teams()));
        }
        if (f.scopeOrganizations() != null && !f.scopeOrganizations().equals(driving)) {
            q.and(f.scopeOrganizations().isEmpty() ? "1 = 0" : q.taggedWith(f.scopeOrganizations()));
        }
        for (String term : f.terms()) {
            q.and(like("e.searchText", q.param("%" + escape(term) + "%")));
        }
        return q;
    }

    /** The one organization or team that every matching entry must be tagged with, or null; a team is narrower. */
    static String singleOrganization(AuditFilter f) {
        if (f.teams().size() == 1) {
            return f.teams().iterator().next();
        }
        if (f.organizations().size() == 1) {
            return f.organizations().iterator().next();
        }
        Set<String> scope = f.scopeOrganizations();
        return f.organizations().isEmpty() && scope != null && scope.size() == 1 ? scope.iterator().next() : null;
    }

    /** Adds a predicate (HQL over {@code e}, and {@code o} when driven by a tag); parenthesised, AND-ed. */
    EntryHql and(String predicate) {
        where.add("(" + predicate + ")");
        return this;
    }

    /** A new parameter holding the value; its name, for the text. */
    String param(Object value) {
        String name = names + (params.size() + 1);
        params.put(name, value);
        return ":" + name;
    }

    EntryHql join(String join) {
        from.append(' ').append(join);
        return this;
    }

    /** Rows strictly after the position, in the order of {@link #orderBy(SortKey, boolean)}. */
    EntryHql after(SortKey key, boolean ascending, PageRequest.Position at) {
        String beyond = ascending ? " > " : " < ";
        String from = ascending ? " >= " : " <= ";
        String t = param(at.time());
        String byTime = time + beyond + t + " or (" + time + " = " + t + " and " + id + beyond + param(at.id()) + ")";
        String value = EntryColumns.sortValue(key);
        if (value == null) {
            // The redundant bound lets the database start its index range at the position instead of scanning from
            // the start of the date range on every page (which made deep pages and long exports quadratic).
            return and(time + from + t + " and (" + byTime + ")");
        }
        String v = param(at.sortValue() == null ? "" : at.sortValue());
        return and(value + from + v + " and (" + value + beyond + v + " or (" + value + " = " + v
                + " and (" + byTime + ")))");
    }

    /** Sort value, then time, then id, all one direction: a total order. */
    EntryHql orderBy(SortKey key, boolean ascending) {
        String dir = ascending ? " asc" : " desc";
        String value = EntryColumns.sortValue(key);
        return orderBy((value == null ? "" : value + dir + ", ") + time + dir + ", " + id + dir);
    }

    EntryHql orderBy(String columns) {
        order = " order by " + columns;
        return this;
    }

    /** The read-only query: {@code select <selection> from … where … order by …}, its parameters bound. */
    <T> TypedQuery<T> select(EntityManager em, String selection, Class<T> type) {
        TypedQuery<T> q = em.createQuery(text(selection), type);
        params.forEach(q::setParameter);
        return q.setHint(READ_ONLY, true);
    }

    String text(String selection) {
        return "select " + selection + " from " + from + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + group + order + limit;
    }

    /**
     * At most {@code rows} rows, written into the text: the database then plans for the page's size even with a plan
     * made once for every value ({@code EntryPage#planFixedByShape}), where {@code setMaxResults} binds a parameter.
     * The count is ours, never the caller's text.
     */
    EntryHql limit(int rows) {
        limit = " limit " + rows;
        return this;
    }

    /** Groups the rows by these expressions (an aggregate read). */
    EntryHql groupBy(String expressions) {
        group = " group by " + expressions;
        return this;
    }

    /** The expression of the time that orders and pages this read. */
    String time() {
        return time;
    }

    /** The expression of the entry id that breaks ties in this read's order. */
    String id() {
        return id;
    }

    Map<String, Object> parameters() {
        return Collections.unmodifiableMap(params);
    }

    /** The entry is tagged with one of the organizations. */
    private String taggedWith(Collection<String> orgs) {
        String t = "t" + ++subqueries;
        return "exists (select 1 from AuditEntryOrgEntity " + t + " where " + t + ".entryId = e.id and "
                + list(t + ".orgId", orgs) + ")";
    }

    private EntryHql in(String column, Set<String> values) {
        return values.isEmpty() ? this : and(list(column, values));
    }

    /**
     * {@code column in (:p1, :p2, …)}, one parameter per value, in a stable order; one value is {@code column = :p1}.
     * Hibernate 7 takes {@code in (:p1)} for a list parameter, and never caches the plan of a query that has one: it
     * translated such a read again on every run (docs/benchmarks.md, section 7). The database plans both alike.
     */
    private String list(String column, Collection<String> values) {
        List<String> names = values.stream().sorted().map(this::param).toList();
        return names.size() == 1 ? column + " = " + names.get(0) : column + " in (" + String.join(", ", names) + ")";
    }

    private static Set<String> lower(Set<String> values) {
        return Set.copyOf(values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList());
    }

    /** {@code column LIKE pattern}, the pattern made with {@link #escape}. */
    static String like(String column, String pattern) {
        return column + " like " + pattern + " escape '" + ESCAPE + "'";
    }

    /** LIKE wildcards in user input match themselves. */
    static String escape(String term) {
        String e = String.valueOf(ESCAPE);
        return term.replace(e, e + e).replace("%", e + "%").replace("_", e + "_");
    }
}
