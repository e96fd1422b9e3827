package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.integrity.Seal;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Seals and the chain rows they cover, on Keycloak's database. */
public class JpaSealStore {

    private static final String COLUMNS = "REALM_ID, SEAL_NO, PREV_LAST_SEQ, FIRST_SEQ, LAST_SEQ, ENTRY_COUNT, MIN_TIME,"
            + " MAX_TIME, LAST_CHAIN_HASH, PREV_SEAL_HASH, SEAL_HASH, ALGORITHM, KEY_ID, SIGNATURE, CREATED_TIME,"
            + " PURGED_TIME, PURGED_COUNT";

    private final EntityManager em;

    public JpaSealStore(EntityManager em) {
        this.em = em;
    }

    /** Takes the named lock row (sealing, purging) until the transaction ends. */
    public void lock(String name) {
        em.createNativeQuery("SELECT LAST_VALUE FROM AUDIT_LOCK WHERE NAME = ? FOR UPDATE").setParameter(1, name)
                .getSingleResult();
    }

    /** Realms whose chain has grown past their last seal. */
    @SuppressWarnings("unchecked")
    public List<String> realmsToSeal() {
        return em.createNativeQuery("SELECT h.REALM_ID FROM AUDIT_CHAIN_HEAD h WHERE h.LAST_SEQ >"
                + " COALESCE((SELECT MAX(s.LAST_SEQ) FROM AUDIT_SEAL s WHERE s.REALM_ID = h.REALM_ID), 0)").getResultList();
    }

    /** The sequence number where the realm's chain ends (0 before its first entry). */
    public long chainEnd(String realmId) {
        List<?> rows = em.createNativeQuery("SELECT LAST_SEQ FROM AUDIT_CHAIN_HEAD WHERE REALM_ID = ?")
                .setParameter(1, realmId).getResultList();
        return rows.isEmpty() ? 0 : ((Number) rows.get(0)).longValue();
    }

    public Optional<Seal> last(String realmId) {
        List<Seal> seals = query("SELECT " + COLUMNS + " FROM AUDIT_SEAL WHERE REALM_ID = ? ORDER BY SEAL_NO DESC",
                1, realmId);
        return seals.stream().findFirst();
    }

    public Optional<Seal> get(String realmId, long sealNo) {
        return query("SELECT " + COLUMNS + " FROM AUDIT_SEAL WHERE REALM_ID = ? AND SEAL_NO = ?", 1, realmId, sealNo)
                .stream().findFirst();
    }

    /** A realm's seals in order, from {@code fromNo} on, at most {@code max}. */
    public List<Seal> seals(String realmId, long fromNo, int max) {
        return query("SELECT " + COLUMNS + " FROM AUDIT_SEAL WHERE REALM_ID = ? AND SEAL_NO >= ? ORDER BY SEAL_NO", max,
                realmId, fromNo);
    }

    /** The first seal whose entries reach {@code time}, or the first seal after it. */
    public long firstSealReaching(String realmId, long time) {
        Number no = (Number) em.createNativeQuery("SELECT MIN(SEAL_NO) FROM AUDIT_SEAL WHERE REALM_ID = ? AND MAX_TIME >= ?")
                .setParameter(1, realmId).setParameter(2, time).getSingleResult();
        return no == null ? Long.MAX_VALUE : no.longValue();
    }

    /** Seals not yet purged whose every entry is older than {@code before}, oldest first. */
    public List<Seal> purgeable(String realmId, long before, int max) {
        return query("SELECT " + COLUMNS + " FROM AUDIT_SEAL WHERE REALM_ID = ? AND PURGED_TIME IS NULL AND MAX_TIME < ?"
                + " ORDER BY SEAL_NO", max, realmId, before);
    }

    /** The chain rows of a realm with {@code after < SEQ <= upTo}, in order, at most {@code max}. */
    public List<AuditEntryEntity> chainRows(String realmId, long after, long upTo, int max) {
        List<Object[]> rows = em.createQuery("select e, c from AuditEntryEntity e, AuditEntryChainEntity c"
                        + " where c.entryId = e.id and c.realmId = :realm and c.seq > :after and c.seq <= :upTo"
                        + " order by c.seq, e.id", Object[].class)
                .setParameter("realm", realmId).setParameter("after", after).setParameter("upTo", upTo)
                .setMaxResults(max).getResultList();
        List<AuditEntryEntity> entries = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            em.detach(r[0]);
            em.detach(r[1]);
            entries.add(AuditEntryEntity.joined(r));
        }
        return entries;
    }

    /** Entries of the realm not sealed yet: after the last seal, or not even numbered. */
    public long unsealed(String realmId, long afterSeq) {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM AUDIT_ENTRY_CHAIN WHERE REALM_ID = ?"
                        + " AND (SEQ > ? OR SEQ IS NULL)")
                .setParameter(1, realmId).setParameter(2, afterSeq).getSingleResult()).longValue();
    }

    public void insert(Seal s) {
        em.createNativeQuery("INSERT INTO AUDIT_SEAL (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?, ?)")
                .setParameter(1, s.realmId()).setParameter(2, s.sealNo()).setParameter(3, s.prevLastSeq())
                .setParameter(4, s.firstSeq()).setParameter(5, s.lastSeq()).setParameter(6, s.count())
                .setParameter(7, s.minTime()).setParameter(8, s.maxTime()).setParameter(9, s.lastChainHash())
                .setParameter(10, s.prevSealHash()).setParameter(11, s.sealHash()).setParameter(12, s.algorithm())
                .setParameter(13, s.keyId()).setParameter(14, s.signature()).setParameter(15, s.createdTime())
                .setParameter(16, s.purgedTime()).setParameter(17, s.purgedCount()).executeUpdate();
    }

    /** Deletes a sealed range's entries (and their organization rows) and marks the seal purged; returns the count. */
    public long purge(Seal s, long now) {
        String range = " WHERE REALM_ID = ? AND SEQ > ? AND SEQ <= ?";
        String ids = "(SELECT ENTRY_ID FROM AUDIT_ENTRY_CHAIN" + range + ")";
        inRange("DELETE FROM AUDIT_ENTRY_ORG WHERE ENTRY_ID IN " + ids, s);
        long deleted = inRange("DELETE FROM AUDIT_ENTRY WHERE ID IN " + ids, s);
        inRange("DELETE FROM AUDIT_ENTRY_CHAIN" + range, s);
        em.createNativeQuery("UPDATE AUDIT_SEAL SET PURGED_TIME = ?, PURGED_COUNT = ? WHERE REALM_ID = ? AND SEAL_NO = ?")
                .setParameter(1, now).setParameter(2, deleted).setParameter(3, s.realmId()).setParameter(4, s.sealNo())
                .executeUpdate();
        return deleted;
    }

    private int inRange(String sql, Seal s) {
        return em.createNativeQuery(sql).setParameter(1, s.realmId()).setParameter(2, s.prevLastSeq())
                .setParameter(3, s.lastSeq()).executeUpdate();
    }

    public void deleteRealm(String realmId) {
        em.createNativeQuery("DELETE FROM AUDIT_SEAL WHERE REALM_ID = ?").setParameter(1, realmId).executeUpdate();
        em.createNativeQuery("DELETE FROM AUDIT_CHAIN_HEAD WHERE REALM_ID = ?").setParameter(1, realmId).executeUpdate();
    }

    @SuppressWarnings("unchecked")
    private List<Seal> query(String sql, int max, Object... params) {
        var q = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        return ((List<Object[]>) q.setMaxResults(max).getResultList()).stream().map(JpaSealStore::seal).toList();
    }

    private static Seal seal(Object[] r) {
        return new Seal((String) r[0], n(r[1]), n(r[2]), n(r[3]), n(r[4]), n(r[5]), n(r[6]), n(r[7]), (String) r[8],
                (String) r[9], (String) r[10], (String) r[11], (String) r[12], (String) r[13], n(r[14]),
                r[15] == null ? null : n(r[15]), r[16] == null ? null : n(r[16]));
    }

    private static long n(Object o) {
        return ((Number) o).longValue();
    }
}
