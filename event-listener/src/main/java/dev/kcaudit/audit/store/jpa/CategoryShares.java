package dev.kcaudit.audit.store.jpa;

import jakarta.persistence.EntityManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which categories are common in a realm: those holding at least {@link #COMMON} of its entries over the last
 * {@link #WINDOW_MS}, counted from the histogram rollup (one indexed read of its realm-wide hours) and kept on this
 * node for {@link #TTL_MS}. A realm's mix of categories moves slowly, and a stale answer only chooses between two
 * plans that return the same rows ({@link EntryPage#planFixedByShape}).
 */
final class CategoryShares {

    /** A fifth: below it, a busy actor's walk of its own index can be several times the category's (docs/query.md). */
    static final double COMMON = 0.2;
    static final long WINDOW_MS = 30L * 24 * 3_600_000;
    static final long TTL_MS = 5 * 60_000;

    private record Shares(long readAt, Map<String, Double> byCategory) {
    }

    private static final Map<String, Shares> BY_REALM = new ConcurrentHashMap<>();

    private CategoryShares() {
    }

    /** Whether {@code category} holds at least {@link #COMMON} of the realm's recent entries. */
    static boolean common(EntityManager em, String realmId, String category, long now) {
        Shares shares = BY_REALM.get(realmId);
        if (shares == null || now - shares.readAt() > TTL_MS) {
            shares = new Shares(now, read(em, realmId, now));
            BY_REALM.put(realmId, shares);
        }
        return shares.byCategory().getOrDefault(category, 0.0) >= COMMON;
    }

    private static Map<String, Double> read(EntityManager em, String realmId, long now) {
        List<?> rows = em.createNativeQuery("SELECT CATEGORY, SUM(ENTRIES) FROM AUDIT_HISTOGRAM WHERE REALM_ID = ?1"
                        + " AND SCOPE_ID = ?2 AND HOUR_START >= ?3 GROUP BY CATEGORY")
                .setParameter(1, realmId).setParameter(2, FacetIndex.REALM).setParameter(3, now - WINDOW_MS)
                .getResultList();
        Map<String, Long> counts = new HashMap<>();
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            counts.put((String) r[0], ((Number) r[1]).longValue());
        }
        return shares(counts);
    }

    /** Each category's part of the total; none when there is nothing to count. */
    static Map<String, Double> shares(Map<String, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> shares = new HashMap<>();
        if (total > 0) {
            counts.forEach((category, n) -> shares.put(category, (double) n / total));
        }
        return shares;
    }
}
