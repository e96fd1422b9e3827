package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.store.RateLimits;
import jakarta.persistence.EntityManager;
import java.util.List;

/**
 * Request counters in the database (AUDIT_RATE_LIMIT), so that a limit holds for a caller across every node: one row
 * per key, counting the requests of the current one-minute window. Each step is one conditional statement, so
 * concurrent requests on any node count exactly.
 */
public class JpaRateLimits implements RateLimits {

    private final EntityManager em;

    public JpaRateLimits(EntityManager em) {
        this.em = em;
    }

    /**
     * Conditional updates of the key's existing row, and no insert: no statement here locks a gap, which is what made
     * concurrent first requests deadlock on MariaDB when the row was inserted in the same transaction. A refusal is
     * decided only on a row read as full; a row created or reset by a concurrent request between these statements is
     * counted in again.
     */
    @Override
    public Taken take(String key, long window, int limit) {
        for (int attempt = 0; attempt < 3; attempt++) {
            // A window newer than ours (a node whose clock is ahead) is counted into, not reset.
            if (update("UPDATE AUDIT_RATE_LIMIT SET HITS = HITS + 1 WHERE BUCKET_KEY = ? AND WINDOW_START >= ? "
                    + "AND HITS < ?", key, window, limit) == 1) {
                return Taken.COUNTED;
            }
            if (update("UPDATE AUDIT_RATE_LIMIT SET WINDOW_START = ?, HITS = 1 WHERE BUCKET_KEY = ? AND WINDOW_START < ?",
                    window, key, window) == 1) {
                return Taken.COUNTED;
            }
            List<?> rows = em.createNativeQuery("SELECT HITS, WINDOW_START FROM AUDIT_RATE_LIMIT WHERE BUCKET_KEY = ?")
                    .setParameter(1, key).getResultList();
            if (rows.isEmpty()) {
                return Taken.NO_COUNTER;
            }
            Object[] row = (Object[]) rows.get(0);
            if (((Number) row[0]).intValue() >= limit && ((Number) row[1]).longValue() >= window) {
                return Taken.REFUSED;
            }
        }
        throw new IllegalStateException("The request counter of " + key + " kept changing under this request");
    }

    @Override
    public void open(String key, long window) {
        if (em.createNativeQuery("SELECT 1 FROM AUDIT_RATE_LIMIT WHERE BUCKET_KEY = ?").setParameter(1, key)
                .getResultList().isEmpty()) {
            update("INSERT INTO AUDIT_RATE_LIMIT (BUCKET_KEY, WINDOW_START, HITS) VALUES (?, ?, 0)", key, window);
        }
    }

    /** Forgets windows that ended before {@code before}. */
    @Override
    public int forget(long before) {
        return update("DELETE FROM AUDIT_RATE_LIMIT WHERE WINDOW_START < ?", before);
    }

    private int update(String sql, Object... params) {
        var q = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        return q.executeUpdate();
    }
}
