package dev.kcaudit.audit.store.jpa;

import jakarta.persistence.EntityManager;

/**
 * The rows of {@code AUDIT_LOCK}: each names a piece of work that one transaction at a time may do, cluster-wide
 * (numbering entries, sealing, purging, choosing export slots, …). Rows are inserted by the changelog.
 */
final class LockRows {

    private LockRows() {
    }

    /** Takes the named lock row until the transaction ends; returns its value. */
    static long take(EntityManager em, String name) {
        return ((Number) em.createNativeQuery("SELECT LAST_VALUE FROM AUDIT_LOCK WHERE NAME = ? FOR UPDATE")
                .setParameter(1, name).getSingleResult()).longValue();
    }
}
