package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.chain.Seal;
import dev.kcaudit.audit.store.ChainRow;
import dev.kcaudit.audit.store.SealStore;
import dev.kcaudit.audit.store.VerifyState;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.hibernate.Session;

/** Seals and the chain rows they cover, on Keycloak's database. */
public class JpaSealStore implements SealStore {

    private static final String COLUMNS = SealRows.COLUMNS;

    private final EntityManager em;

    public JpaSealStore(EntityManager em) {
        this.em = em;
    }

    /** Takes the named lock row (sealing, purging) until the transaction ends. */
    @Override
    public void lock(String name) {
        LockRows.take(em, name);
    }

    /** Realms whose chain has grown past their last seal, or whose last seal is older than {@code heartbeatBefore}. */
    @SuppressWarnings("unchecked")
    @Override
    public List<String> realmsToSeal(long heartbeatBefore) {
        return em.createNativeQuery("SELECT h.REALM_ID FROM AUDIT_CHAIN_HEAD h WHERE h.LAST_SEQ >"
                + " COALESCE((SELECT MAX(s.LAST_SEQ) FROM AUDIT_SEAL s WHERE s.REALM_ID = h.REALM_ID), 0)"
                + " OR (SELECT MAX(s.CREATED_TIME) FROM AUDIT_SEAL s WHERE s.REALM_ID = h.REALM_ID) < ?")
                .setParameter(1, heartbeatBefore).getResultList();
    }

    /** A lock row's value (flags such as 'purge-adopt'); set it with {@link #setFlag}. */
    @Override
    public long flag(String name) {
        return ((Number) em.createNativeQuery("SELECT LAST_VALUE FROM AUDIT_LOCK WHERE NAME = ?").setParameter(1, name)
                .getSingleResult()).longValue();
    }

    @Override
    public void setFlag(String name, long value) {
        em.createNativeQuery("UPDATE AUDIT_LOCK SET LAST_VALUE = ? WHERE NAME = ?").setParameter(1, value)
                .setParameter(2, name).executeUpdate();
    }

    /** Seals made while the time-stamp authority could not be reached, oldest first. */
    @Override
    public List<Seal> unstamped(int max) {
        return query("SELECT " + COLUMNS + " FROM AUDIT_SEAL WHERE TSA_TOKEN IS NULL AND SEALER_STARTED IS NOT NULL"
                + " ORDER BY CREATED_TIME", max);
    }

    @Override
    public void setTimeStamp(Seal seal, String token) {
        em.createNativeQuery("UPDATE AUDIT_SEAL SET TSA_TOKEN = ? WHERE REALM_ID = ? AND SEAL_NO = ?")
                .setParameter(1, token).setParameter(2, seal.realmId()).setParameter(3, seal.sealNo()).executeUpdate();
    }

    /** Purged seals without a signed purge statement (purged before statements were signed). */
    @Override
    public List<Seal> unsignedPurges(int max) {
        return query("SELECT " + COLUMNS + " FROM AUDIT_SEAL WHERE PURGED_TIME IS NOT NULL AND PURGE_SIGNATURE IS NULL"
                + " ORDER BY REALM_ID, SEAL_NO", max);
    }

    /** Records a purge statement's cutoff and signature. */
    @Override
    public void signPurge(Seal seal, long before, String keyId, String signature) {
        em.createNativeQuery("UPDATE AUDIT_SEAL SET PURGE_BEFORE = ?, PURGE_KEY_ID = ?, PURGE_SIGNATURE = ?"
                        + " WHERE REALM_ID = ? AND SEAL_NO = ?")
                .setParameter(1, before).setParameter(2, keyId).setParameter(3, signature)
                .setParameter(4, seal.realmId()).setParameter(5, seal.sealNo()).executeUpdate();
    }

    /** The organization tags of a realm's chain rows with {@code after < SEQ <= upTo}: entry id to its tag rows. */
    @SuppressWarnings("unchecked")
    @Override
    public Map<String, Set<String>> orgTags(String realmId, long after, long upTo) {
        Map<String, Set<String>> tags = new HashMap<>();
        List<Object[]> rows = em.createNativeQuery("SELECT o.ENTRY_ID, o.ORG_ID, o.REALM_ID, o.EVENT_TIME"
                        + " FROM AUDIT_ENTRY_ORG o JOIN AUDIT_ENTRY_CHAIN c ON c.ENTRY_ID = o.ENTRY_ID"
                        + " WHERE c.REALM_ID = ? AND c.SEQ > ? AND c.SEQ <= ?")
                .setParameter(1, realmId).setParameter(2, after).setParameter(3, upTo).getResultList();
        for (Object[] r : rows) {
            tags.computeIfAbsent((String) r[0], k -> new TreeSet<>())
                    .add(ChainRow.tag((String) r[1], (String) r[2], SealRows.n(r[3])));
        }
        return tags;
    }

    /** The details of a realm's entries with the given action, oldest first (purge and capture records). */
    @SuppressWarnings("unchecked")
    @Override
    public List<EntryRecord> records(String realmId, String action) {
        List<Object[]> rows = em.createQuery("select e.id, e.time, e.detailsJson from AuditEntryEntity e"
                        + " where e.realmId = :realm and e.action = :action order by e.time")
                .setParameter("realm", realmId).setParameter("action", action).getResultList();
        return rows.stream().map(r -> new EntryRecord((String) r[0], SealRows.n(r[1]), (String) r[2])).toList();
    }

    /** The sequence number where the realm's chain ends (0 before its first entry). */
    @Override
    public long chainEnd(String realmId) {
        List<?> rows = em.createNativeQuery("SELECT LAST_SEQ FROM AUDIT_CHAIN_HEAD WHERE REALM_ID = ?")
                .setParameter(1, realmId).getResultList();
        return rows.isEmpty() ? 0 : ((Number) rows.get(0)).longValue();
    }

    @Override
    public Optional<Seal> last(String realmId) {
        List<Seal> seals = query("SELECT " + COLUMNS + " FROM AUDIT_SEAL WHERE REALM_ID = ? ORDER BY SEAL_NO DESC",
                1, realmId);
        return seals.stream().findFirst();
    }

    @Override
    public Optional<Seal> get(String realmId, long sealNo) {
        return query("SELECT " + COLUMNS + " FROM AUDIT_SEAL WHERE REALM_ID = ? AND SEAL_NO = ?", 1, realmId, sealNo)
                .stream().findFirst();
    }

    /** A realm's seals in order, from {@code fromNo} on, at most {@code max}. */
    @Override
    public List<Seal> seals(String realmId, long fromNo, int max) {
        return query("SELECT " + COLUMNS + " FROM AUDIT_SEAL WHERE REALM_ID = ? AND SEAL_NO >= ? ORDER BY SEAL_NO", max,
                realmId, fromNo);
    }

    /** The first seal whose entries reach {@code time}, or the first seal after it. */
    @Override
    public long firstSealReaching(String realmId, long time) {
        Number no = (Number) em.createNativeQuery("SELECT MIN(SEAL_NO) FROM AUDIT_SEAL WHERE REALM_ID = ? AND MAX_TIME >= ?")
                .setParameter(1, realmId).setParameter(2, time).getSingleResult();
        return no == null ? Long.MAX_VALUE : no.longValue();
    }

    /** Seals not yet purged whose every entry is older than {@code before}, oldest first. */
    @Override
    public List<Seal> purgeable(String realmId, long before, int max) {
        return query("SELECT " + COLUMNS + " FROM AUDIT_SEAL WHERE REALM_ID = ? AND PURGED_TIME IS NULL AND MAX_TIME < ?"
                + " ORDER BY SEAL_NO", max, realmId, before);
    }

    /** The chain rows of a realm with {@code after < SEQ <= upTo}, in order, at most {@code max}. */
    @Override
    public List<ChainRow> chainRows(String realmId, long after, long upTo, int max) {
        List<Object[]> rows = em.createQuery("select e, c from AuditEntryEntity e, AuditEntryChainEntity c"
                        + " where c.entryId = e.id and c.realmId = :realm and c.seq > :after and c.seq <= :upTo"
                        + " order by c.seq, e.id", Object[].class)
                .setParameter("realm", realmId).setParameter("after", after).setParameter("upTo", upTo)
                .setMaxResults(max).getResultList();
        List<ChainRow> entries = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            em.detach(r[0]);
            em.detach(r[1]);
            entries.add(chainRow(AuditEntryEntity.joined(r)));
        }
        return entries;
    }

    /** The row as sealing and verify see it; canonical form and derived columns computed when asked for. */
    static ChainRow chainRow(AuditEntryEntity e) {
        return new ChainRow(e.getId(), e.getRealmId(), e.getTime(), e.getAction(), e.getSeq(), e.getChainPrevSeq(),
                e.getChainHash(), e.getIpKey(), e.getSearchText(), e.getCountry(), e.getDevice(), e::canonical,
                () -> DerivedColumns.of(e));
    }

    @Override
    public long unsealed(String realmId, long afterSeq) {
        return em.unwrap(Session.class).doReturningWork(connection -> UnsealedCount.of(connection, realmId, afterSeq));
    }

    @Override
    public void insert(Seal s) {
        em.createNativeQuery("INSERT INTO AUDIT_SEAL (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, NULL, NULL, ?, ?, NULL, NULL, NULL)")
                .setParameter(1, s.realmId()).setParameter(2, s.sealNo()).setParameter(3, s.prevLastSeq())
                .setParameter(4, s.firstSeq()).setParameter(5, s.lastSeq()).setParameter(6, s.count())
                .setParameter(7, s.minTime()).setParameter(8, s.maxTime()).setParameter(9, s.lastChainHash())
                .setParameter(10, s.prevSealHash()).setParameter(11, s.sealHash()).setParameter(12, s.algorithm())
                .setParameter(13, s.keyId()).setParameter(14, s.signature()).setParameter(15, s.createdTime())
                .setParameter(16, s.sealerStarted()).setParameter(17, s.timeStampToken()).executeUpdate();
    }

    /**
     * Deletes a sealed range's entries (and their organization rows) and marks the seal purged; returns the count.
     * The caller signs the purge statement ({@link #signPurge}) in the same transaction.
     */
    @Override
    public long purge(Seal s, long now) {
        String range = " WHERE REALM_ID = ? AND SEQ > ? AND SEQ <= ?";
        String ids = "(SELECT ENTRY_ID FROM AUDIT_ENTRY_CHAIN" + range + ")";
        // The chart's rollup loses what the range held, in the same transaction.
        HistogramIndex histograms = new HistogramIndex(em);
        histograms.add(histograms.cellsOfRange(s.realmId(), s.prevLastSeq(), s.lastSeq()), -1);
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

    @Override
    public void deleteRealm(String realmId) {
        em.createNativeQuery("DELETE FROM AUDIT_SEAL WHERE REALM_ID = ?").setParameter(1, realmId).executeUpdate();
        em.createNativeQuery("DELETE FROM AUDIT_CHAIN_HEAD WHERE REALM_ID = ?").setParameter(1, realmId).executeUpdate();
        new VerifyStates(em).delete(realmId);
    }

    @Override
    public Optional<VerifyState> verifyState(String realmId) {
        return new VerifyStates(em).get(realmId);
    }

    @Override
    public void markVerified(String realmId, Seal seal, long at, String keyId, String algorithm, String signature) {
        new VerifyStates(em).mark(realmId, seal, at, keyId, algorithm, signature);
    }

    @Override
    public boolean claimFullCheck(String realmId, String node, long now, long staleBefore, long sealsTotal) {
        return new VerifyStates(em).claim(realmId, node, now, staleBefore, sealsTotal);
    }

    @Override
    public boolean fullCheckProgress(String realmId, String node, long sealsDone, long entries, long now) {
        return new VerifyStates(em).progress(realmId, node, sealsDone, entries, now);
    }

    @Override
    public void finishFullCheck(String realmId, String node, String state, String reportJson, long now) {
        new VerifyStates(em).finish(realmId, node, state, reportJson, now);
    }

    @SuppressWarnings("unchecked")
    private List<Seal> query(String sql, int max, Object... params) {
        var q = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        return ((List<Object[]>) q.setMaxResults(max).getResultList()).stream().map(SealRows::seal).toList();
    }
}
