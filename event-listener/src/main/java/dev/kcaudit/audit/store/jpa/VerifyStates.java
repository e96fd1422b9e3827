package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.chain.Seal;
import dev.kcaudit.audit.store.VerifyState;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.Clob;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The AUDIT_VERIFY_STATE rows: one per realm, created on first use. */
final class VerifyStates {

    private static final String COLUMNS = "REALM_ID, THROUGH_SEAL, THROUGH_SEAL_HASH, THROUGH_SEQ, VERIFIED_AT,"
            + " THROUGH_KEY_ID, THROUGH_ALGORITHM, THROUGH_SIGNATURE, JOB_STATE, JOB_NODE, JOB_STARTED, JOB_HEARTBEAT, JOB_FINISHED, JOB_SEALS_DONE, JOB_SEALS_TOTAL,"
            + " JOB_ENTRIES, JOB_REPORT";

    private final EntityManager em;

    VerifyStates(EntityManager em) {
        this.em = em;
    }

    Optional<VerifyState> get(String realmId) {
        List<?> rows = em.createNativeQuery("SELECT " + COLUMNS + " FROM AUDIT_VERIFY_STATE WHERE REALM_ID = ?")
                .setParameter(1, realmId).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = (Object[]) rows.get(0);
        return Optional.of(new VerifyState((String) r[0], n(r[1]), (String) r[2], n(r[3]), n(r[4]), (String) r[5],
                (String) r[6], (String) r[7], (String) r[8], (String) r[9], n(r[10]), n(r[11]), n(r[12]), zero(r[13]),
                zero(r[14]), zero(r[15]), text(r[16])));
    }

    /** Moves the mark to {@code seal}, never backwards (a slower check finishing later must not undo a newer one). */
    void mark(String realmId, Seal seal, long at, String keyId, String algorithm, String signature) {
        ensure(realmId);
        em.createNativeQuery("UPDATE AUDIT_VERIFY_STATE SET THROUGH_SEAL = ?, THROUGH_SEAL_HASH = ?, THROUGH_SEQ = ?,"
                        + " VERIFIED_AT = ?, THROUGH_KEY_ID = ?, THROUGH_ALGORITHM = ?, THROUGH_SIGNATURE = ?"
                        + " WHERE REALM_ID = ? AND (THROUGH_SEAL IS NULL OR THROUGH_SEAL <= ?)")
                .setParameter(1, seal.sealNo()).setParameter(2, seal.sealHash()).setParameter(3, seal.lastSeq())
                .setParameter(4, at).setParameter(5, keyId).setParameter(6, algorithm).setParameter(7, signature)
                .setParameter(8, realmId).setParameter(9, seal.sealNo()).executeUpdate();
    }

    /** Claims the realm's full check for {@code node} unless one runs on a node still beating since staleBefore. */
    boolean claim(String realmId, String node, long now, long staleBefore, long sealsTotal) {
        ensure(realmId);
        return em.createNativeQuery("UPDATE AUDIT_VERIFY_STATE SET JOB_STATE = 'running', JOB_NODE = ?,"
                        + " JOB_STARTED = ?, JOB_HEARTBEAT = ?, JOB_FINISHED = NULL, JOB_SEALS_DONE = 0,"
                        + " JOB_SEALS_TOTAL = ?, JOB_ENTRIES = 0, JOB_REPORT = NULL WHERE REALM_ID = ?"
                        + " AND (JOB_STATE IS NULL OR JOB_STATE <> 'running' OR JOB_HEARTBEAT < ?)")
                .setParameter(1, node).setParameter(2, now).setParameter(3, now).setParameter(4, sealsTotal)
                .setParameter(5, realmId).setParameter(6, staleBefore).executeUpdate() == 1;
    }

    /** Records progress and beats; false when the check is no longer this node's (another took it over). */
    boolean progress(String realmId, String node, long sealsDone, long entries, long now) {
        return em.createNativeQuery("UPDATE AUDIT_VERIFY_STATE SET JOB_SEALS_DONE = ?, JOB_ENTRIES = ?,"
                        + " JOB_HEARTBEAT = ? WHERE REALM_ID = ? AND JOB_NODE = ? AND JOB_STATE = 'running'")
                .setParameter(1, sealsDone).setParameter(2, entries).setParameter(3, now).setParameter(4, realmId)
                .setParameter(5, node).executeUpdate() == 1;
    }

    void finish(String realmId, String node, String state, String reportJson, long now) {
        em.createNativeQuery("UPDATE AUDIT_VERIFY_STATE SET JOB_STATE = ?, JOB_REPORT = ?, JOB_FINISHED = ?,"
                        + " JOB_HEARTBEAT = ? WHERE REALM_ID = ? AND JOB_NODE = ? AND JOB_STATE = 'running'")
                .setParameter(1, state).setParameter(2, reportJson).setParameter(3, now).setParameter(4, now)
                .setParameter(5, realmId).setParameter(6, node).executeUpdate();
    }

    void delete(String realmId) {
        em.createNativeQuery("DELETE FROM AUDIT_VERIFY_STATE WHERE REALM_ID = ?").setParameter(1, realmId)
                .executeUpdate();
    }

    /**
     * The realm's row, inserted when missing, under the {@code verify} lock row so two nodes never both insert; the
     * second look is a locking read, which sees the other's committed row even under MariaDB's repeatable read.
     */
    private void ensure(String realmId) {
        if (get(realmId).isPresent()) {
            return;
        }
        LockRows.take(em, "verify");
        if (em.createNativeQuery("SELECT REALM_ID FROM AUDIT_VERIFY_STATE WHERE REALM_ID = ? FOR UPDATE")
                .setParameter(1, realmId).getResultList().isEmpty()) {
            em.createNativeQuery("INSERT INTO AUDIT_VERIFY_STATE (REALM_ID) VALUES (?)").setParameter(1, realmId)
                    .executeUpdate();
        }
    }

    private static Long n(Object o) {
        return o == null ? null : ((Number) o).longValue();
    }

    private static long zero(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    private static String text(Object o) {
        try {
            return o instanceof Clob c ? c.getSubString(1, (int) c.length()) : (String) o;
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }
}
