package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.model.IpKey;
import dev.kcaudit.audit.store.AuditFilter;
import dev.kcaudit.audit.store.AuditStore.Facet;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryOrgEntity;
import jakarta.persistence.criteria.CommonAbstractCriteria;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns an {@link AuditFilter} into criteria predicates. Every read (list, count, facets, export, feed) goes
 * through here, so a filter means the same everywhere.
 */
final class EntryPredicates {

    private EntryPredicates() {
    }

    static Predicate[] of(CriteriaBuilder cb, CommonAbstractCriteria query, Root<AuditEntryEntity> e, AuditFilter f) {
        List<Predicate> p = new ArrayList<>();
        p.add(cb.equal(e.get("realmId"), f.realmId()));
        if (f.from() != Long.MIN_VALUE) {
            p.add(cb.greaterThanOrEqualTo(e.get("time"), f.from()));
        }
        if (f.to() != Long.MAX_VALUE) {
            p.add(cb.lessThanOrEqualTo(e.get("time"), f.to()));
        }
        in(p, e.get("category"), f.categories());
        in(p, e.get("action"), f.actions());
        in(p, e.get("resourceType"), f.resourceTypes());
        in(p, e.get("resourceId"), f.resourceIds());
        in(p, e.get("outcome"), f.outcomes());
        in(p, e.get("source"), f.sources());
        if (!f.actors().isEmpty()) {
            Set<String> lower = lower(f.actors());
            p.add(cb.or(e.get("actorId").in(f.actors()), e.get("actorUsername").in(lower),
                    e.get("actorEmail").in(lower)));
        }
        if (!f.ipRanges().isEmpty()) {
            List<Predicate> ranges = new ArrayList<>();
            for (IpKey.Range r : f.ipRanges()) {
                ranges.add(r.low().equals(r.high()) ? cb.equal(e.get("ipKey"), r.low())
                        : cb.between(e.get("ipKey"), r.low(), r.high()));
            }
            p.add(cb.or(ranges.toArray(Predicate[]::new)));
        }
        if (!f.organizations().isEmpty()) {
            p.add(taggedWith(cb, query, e, f.organizations()));
        }
        if (f.scopeOrganizations() != null) {
            p.add(f.scopeOrganizations().isEmpty() ? cb.disjunction()
                    : taggedWith(cb, query, e, f.scopeOrganizations()));
        }
        for (String term : f.terms()) {
            p.add(cb.like(e.get("searchText"), "%" + escape(term) + "%", '\\'));
        }
        return p.toArray(Predicate[]::new);
    }

    static Path<String> column(Root<AuditEntryEntity> e, Facet facet) {
        return switch (facet) {
            case CATEGORY -> e.get("category");
            case ACTION -> e.get("action");
            case RESOURCE_TYPE -> e.get("resourceType");
            case SOURCE -> e.get("source");
            case OUTCOME -> e.get("outcome");
        };
    }

    /** The entry is tagged with one of the organizations. */
    private static Predicate taggedWith(CriteriaBuilder cb, CommonAbstractCriteria query, Root<AuditEntryEntity> e,
                                        Collection<String> orgs) {
        Subquery<String> tagged = query.subquery(String.class);
        Root<AuditEntryOrgEntity> o = tagged.from(AuditEntryOrgEntity.class);
        tagged.select(o.get("entryId")).where(cb.equal(o.get("entryId"), e.get("id")), o.get("orgId").in(orgs));
        return cb.exists(tagged);
    }

    private static void in(List<Predicate> p, Expression<String> column, Set<String> values) {
        if (!values.isEmpty()) {
            p.add(column.in(values));
        }
    }

    private static Set<String> lower(Set<String> values) {
        return Set.copyOf(values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList());
    }

    /** LIKE wildcards in user input match themselves. */
    static String escape(String term) {
        return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
