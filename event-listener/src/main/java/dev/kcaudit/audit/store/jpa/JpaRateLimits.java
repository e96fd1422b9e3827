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
     * Counts a request of {@code key} in the window starting at {@code window} if fewer than {@code limit} were counted
     * there; true when it was counted. A key seen for the first time is inserted; a concurrent first insert makes this
     * throw, and the caller retries in a new transaction. A refusal is decided only on a row read as full: a request
     * that finds the row created or reset by a concurrent one between its statements counts again, rather than being
     * refused while the limit is far away.
     */
    @Override
    public boolean take(String key, long window, int limit) {
        for (int attempt = 0; attempt < 5; attempt++) {
            // A window newer than ours (a node whose clock is ahead) is counted into, not reset.
            if (update("UPDATE AUDIT_RATE_LIMIT SET HITS = HITS + 1 WHERE BUCKET_KEY = ? AND WINDOW_START >= ? "
                    + "AND HITS < ?", key, window, limit) == 1) {
                return true;
            }
            if (update("UPDATE AUDIT_RATE_LIMIT SET WINDOW_START = ?, HITS = 1 WHERE BUCKET_KEY = ? AND WINDOW_START < ?",
                    window, key, window) == 1) {
                return true;
            }
            List<?> hits = em.createNativeQuery("SELECT HITS FROM AUDIT_RATE_LIMIT WHERE BUCKET_KEY = ? "
                    + "AND WINDOW_START >= ?").setParameter(1, key).setParameter(2, window).getResultList();
            if (!hits.isEmpty() && ((Number) hits.get(0)).intValue() >= limit) {
                return false;
            }
            if (hits.isEmpty() && em.createNativeQuery("SELECT 1 FROM AUDIT_RATE_LIMIT WHERE BUCKET_KEY = ?")
                    .setParameter(1, key).getResultList().isEmpty()) {
                update("INSERT INTO AUDIT_RATE_LIMIT (BUCKET_KEY, WINDOW_START, HITS) VALUES (?, ?, 1)", key, window);
                return true;
            }
        }
        throw new IllegalStateException("the request counter of " + key + " kept changing under this request");
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
