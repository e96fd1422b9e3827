package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.store.PageRequest;
import dev.kcaudit.audit.store.SortKey;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Order;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.util.ArrayList;
import java.util.List;

/** Sort order and keyset ("after this row") predicates: sort value, then time, then id, all one direction. */
final class EntryOrder {

    private EntryOrder() {
    }

    /** The sort value as stored in cursors; nullable columns sort as empty text. */
    static Expression<String> sortValue(CriteriaBuilder cb, Root<AuditEntryEntity> e, SortKey key) {
        return switch (key) {
            case TIME -> null;
            case ACTOR -> cb.coalesce(e.get("actorUsername"), "");
            case ACTION -> e.get("action");
            case CATEGORY -> e.get("category");
            case RESOURCE_TYPE -> cb.coalesce(e.get("resourceType"), "");
            case OUTCOME -> e.get("outcome");
            case IP -> cb.coalesce(e.get("ipKey"), "");
        };
    }

    static String sortValue(AuditEntryEntity x, SortKey key) {
        String v = switch (key) {
            case TIME -> null;
            case ACTOR -> x.getActorUsername();
            case ACTION -> x.getAction();
            case CATEGORY -> x.getCategory();
            case RESOURCE_TYPE -> x.getResourceType();
            case OUTCOME -> x.getOutcome();
            case IP -> x.getIpKey();
        };
        return key == SortKey.TIME ? null : v == null ? "" : v;
    }

    static List<Order> orderBy(CriteriaBuilder cb, Root<AuditEntryEntity> e, SortKey key, boolean ascending) {
        List<Order> order = new ArrayList<>();
        Expression<String> value = sortValue(cb, e, key);
        if (value != null) {
            order.add(ascending ? cb.asc(value) : cb.desc(value));
        }
        order.add(ascending ? cb.asc(e.get("time")) : cb.desc(e.get("time")));
        order.add(ascending ? cb.asc(e.get("id")) : cb.desc(e.get("id")));
        return order;
    }

    /** Rows strictly after the position in the given direction. */
    static Predicate after(CriteriaBuilder cb, Root<AuditEntryEntity> e, SortKey key, boolean ascending,
                           PageRequest.Position at) {
        Expression<Long> time = e.get("time");
        Expression<String> id = e.get("id");
        Predicate sameTime = cb.and(cb.equal(time, at.time()),
                ascending ? cb.greaterThan(id, at.id()) : cb.lessThan(id, at.id()));
        Predicate byTime = cb.or(ascending ? cb.greaterThan(time, at.time()) : cb.lessThan(time, at.time()), sameTime);
        Expression<String> value = sortValue(cb, e, key);
        if (value == null) {
            // The redundant bound lets the database start its index range at the position instead of scanning from
            // the start of the date range on every page (which made deep pages and long exports quadratic).
            return cb.and(ascending ? cb.greaterThanOrEqualTo(time, at.time()) : cb.lessThanOrEqualTo(time, at.time()),
                    byTime);
        }
        String v = at.sortValue() == null ? "" : at.sortValue();
        return cb.and(ascending ? cb.greaterThanOrEqualTo(value, v) : cb.lessThanOrEqualTo(value, v),
                cb.or(ascending ? cb.greaterThan(value, v) : cb.lessThan(value, v), cb.and(cb.equal(value, v), byTime)));
    }
}
