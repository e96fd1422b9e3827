package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.chain.Chain;
import dev.kcaudit.audit.redaction.EntryRedaction;
import dev.kcaudit.audit.redaction.Redactor;
import dev.kcaudit.audit.store.ScrubStore;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The rows the scrub re-reads with the current redaction (docs/integrity.md, "Scrubbing stored secrets"): entries in
 * commit order, entries not numbered yet, the resource-state baselines, and export-job files. Each read is a bounded
 * batch; an entry that held a secret is rewritten in place (details, changes and the search text derived from them)
 * and reported with the digest of its canonical form after the rewrite.
 */
public class JpaScrubStore implements ScrubStore {

    private final EntityManager em;

    public JpaScrubStore(EntityManager em) {
        this.em = em;
    }

    /** Takes the named lock row until the transaction ends. */
    @Override
    public void lock(String name) {
        LockRows.take(em, name);
    }

    @Override
    public long value(String name) {
        return ((Number) em.createNativeQuery("SELECT LAST_VALUE FROM AUDIT_LOCK WHERE NAME = ?").setParameter(1, name)
                .getSingleResult()).longValue();
    }

    /** When the row's value was last set (0: never). */
    @Override
    public long updatedTime(String name) {
        return ((Number) em.createNativeQuery("SELECT UPDATED_TIME FROM AUDIT_LOCK WHERE NAME = ?")
                .setParameter(1, name).getSingleResult()).longValue();
    }

    @Override
    public void setValue(String name, long value) {
        em.createNativeQuery("UPDATE AUDIT_LOCK SET LAST_VALUE = ?, UPDATED_TIME = ? WHERE NAME = ?")
                .setParameter(1, value).setParameter(2, System.currentTimeMillis()).setParameter(3, name)
                .executeUpdate();
    }

    /** Whether any realm has an entry. */
    @Override
    public boolean anyEntry() {
        return !em.createNativeQuery("SELECT ID FROM AUDIT_ENTRY").setMaxResults(1).getResultList().isEmpty();
    }

    /** Numbered entries after {@code afterSeq}, in commit order, at most {@code max}. */
    @Override
    public Pass sequenced(long afterSeq, int max, Function<String, Redactor> redactors) {
        List<Object[]> rows = em.createQuery("select e, c from AuditEntryEntity e, AuditEntryChainEntity c"
                        + " where c.entryId = e.id and c.seq > :after order by c.seq", Object[].class)
                .setParameter("after", afterSeq).setMaxResults(max).getResultList();
        return scrub(rows, afterSeq, null, redactors);
    }

    /** Entries not numbered yet, with an id after {@code afterId}; run under the sequencer's lock (none gets linked). */
    @Override
    public Pass unsequenced(String afterId, int max, Function<String, Redactor> redactors) {
        List<Object[]> rows = em.createQuery("select e, c from AuditEntryEntity e, AuditEntryChainEntity c"
                        + " where c.entryId = e.id and c.seq is null and e.id > :after order by e.id", Object[].class)
                .setParameter("after", afterId).setMaxResults(max).getResultList();
        return scrub(rows, 0, afterId, redactors);
    }

    private Pass scrub(List<Object[]> rows, long lastSeq, String lastId, Function<String, Redactor> redactors) {
        List<Scrubbed> scrubbed = new ArrayList<>();
        for (Object[] row : rows) {
            AuditEntryEntity e = AuditEntryEntity.joined(row);
            lastSeq = e.getSeq() == null ? lastSeq : e.getSeq();
            lastId = e.getId();
            Redactor redactor = redactors.apply(e.getRealmId());
            String details = EntryRedaction.json(e.getDetailsJson(), redactor);
            String changes = EntryRedaction.changes(e.getChangesJson(), redactor);
            if (details != e.getDetailsJson() || changes != e.getChangesJson()) {
                e.setDetailsJson(details);
                e.setChangesJson(changes);
                e.setSearchText(EntityConverter.searchText(EntityConverter.toEntry(e)));
                scrubbed.add(new Scrubbed(e.getId(), e.getRealmId(), e.getSeq(), Chain.sha256(e.canonical())));
            }
        }
        em.flush();
        // Let the batch go (flat memory over a long scrub), but only the batch: the session's other entities stay.
        for (Object[] row : rows) {
            em.detach(row[0]);
            em.detach(row[1]);
        }
        return new Pass(lastSeq, lastId, rows.size(), scrubbed);
    }

    /**
     * Resource-state baselines after the key {@code after} (realm, type, id; null: from the start), at most
     * {@code max}; returns the last key read (null when none) and counts rewritten rows per realm into {@code counts}.
     */
    @Override
    public String[] states(String[] after, int max, Function<String, Redactor> redactors, Map<String, Integer> counts) {
        String page = "select s.realmId, s.resourceType, s.resourceId, s.stateJson from AuditResourceStateEntity s"
                + (after == null ? "" : " where s.realmId > :r or (s.realmId = :r and s.resourceType > :t)"
                + " or (s.realmId = :r and s.resourceType = :t and s.resourceId > :i)")
                + " order by s.realmId, s.resourceType, s.resourceId";
        var query = em.createQuery(page, Object[].class).setMaxResults(max);
        if (after != null) {
            query.setParameter("r", after[0]).setParameter("t", after[1]).setParameter("i", after[2]);
        }
        String[] last = null;
        for (Object[] row : query.getResultList()) {
            last = new String[] {(String) row[0], (String) row[1], (String) row[2]};
            String stored = (String) row[3];
            String clean = EntryRedaction.json(stored, redactors.apply(last[0]));
            if (clean != stored) {
                em.createQuery("update AuditResourceStateEntity s set s.stateJson = :json where s.realmId = :r"
                                + " and s.resourceType = :t and s.resourceId = :i")
                        .setParameter("json", clean).setParameter("r", last[0]).setParameter("t", last[1])
                        .setParameter("i", last[2]).executeUpdate();
                counts.merge(last[0], 1, Integer::sum);
            }
        }
        return last;
    }

    /** The realms that got an {@code audit.scrubbed} entry at or after {@code since}. */
    @Override
    public List<String> realmsScrubbedSince(long since) {
        return em.createQuery("select distinct e.realmId from AuditEntryEntity e where e.action = :action"
                + " and e.time >= :since", String.class)
                .setParameter("action", "audit.scrubbed").setParameter("since", since).getResultList();
    }

    /**
     * Deletes the export jobs (and files) of these realms created before {@code before}; returns the deleted job ids
     * per realm.
     */
    @Override
    public Map<String, List<String>> deleteExportJobs(List<String> realmIds, long before) {
        Map<String, List<String>> deleted = new LinkedHashMap<>();
        if (realmIds.isEmpty()) {
            return deleted;
        }
        JpaExportJobStore jobs = new JpaExportJobStore(em);
        for (Object[] job : em.createQuery("select j.id, j.realmId from AuditExportJobEntity j"
                + " where j.realmId in :realms and j.createdTime < :before order by j.createdTime", Object[].class)
                .setParameter("realms", realmIds).setParameter("before", before).getResultList()) {
            jobs.delete((String) job[0]);
            deleted.computeIfAbsent((String) job[1], k -> new ArrayList<>()).add((String) job[0]);
        }
        return deleted;
    }

    /** The details of a realm's {@code audit.scrubbed} entries that are linked into its chain, in commit order. */
    @Override
    public List<String> scrubRecords(String realmId) {
        return em.createQuery("select e.detailsJson from AuditEntryEntity e, AuditEntryChainEntity c"
                        + " where c.entryId = e.id and e.realmId = :realm and e.action = :action"
                        + " and c.chainHash is not null order by c.seq", String.class)
                .setParameter("realm", realmId).setParameter("action", "audit.scrubbed").getResultList();
    }
}
