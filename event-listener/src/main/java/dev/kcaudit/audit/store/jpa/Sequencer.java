package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.chain.Chain;
import dev.kcaudit.audit.config.SignalSettings;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.signal.SignalJudge;
import dev.kcaudit.audit.signal.SignalMetrics;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Numbers committed entries in commit order and links them into each realm's hash chain
 * ({@code AuditStore#sequence}), under the lock row {@code sequence}; the facet index and the histogram rollup grow in
 * the same pass, and the
 * signal rules judge each numbered entry in it, so each entry is judged exactly once, cluster-wide (docs/signals.md).
 */
final class Sequencer {

    private static final Logger LOG = Logger.getLogger(Sequencer.class);

    private final EntityManager em;
    private final FacetIndex facets;
    private final HistogramIndex histograms;
    private final Function<String, SignalSettings> signalSettings;
    private final Consumer<AuditEntry> save;

    /** {@code signalSettings}: a realm's signal settings by id (null: gone); {@code save}: stores a raised signal. */
    Sequencer(EntityManager em, FacetIndex facets, HistogramIndex histograms,
              Function<String, SignalSettings> signalSettings, Consumer<AuditEntry> save) {
        this.em = em;
        this.facets = facets;
        this.histograms = histograms;
        this.signalSettings = signalSettings;
        this.save = save;
    }

    int sequence(int max) {
        long last = LockRows.take(em, "sequence");
        List<AuditEntryEntity> pending = pending(max);
        Map<String, ChainHead> heads = new HashMap<>();
        List<Object[]> numbered = new ArrayList<>(pending.size());
        for (AuditEntryEntity entry : pending) {
            ChainHead head = heads.computeIfAbsent(entry.getRealmId(), this::chainHead);
            long seq = last + numbered.size() + 1;
            String hash = Chain.link(head.hash, seq, head.seq, entry.canonical());
            numbered.add(new Object[] {seq, head.seq, hash, entry.getId()});
            head.seq = seq;
            head.hash = hash;
            head.changed = true;
        }
        int given = numbered.isEmpty() ? 0 : numberInOneBatch(numbered);
        judge(pending);
        facets.record(pending);
        histograms.record(pending);
        em.clear();
        for (Map.Entry<String, ChainHead> h : heads.entrySet()) {
            saveChainHead(h.getKey(), h.getValue());
        }
        if (given > 0) {
            em.createNativeQuery("UPDATE AUDIT_LOCK SET LAST_VALUE = ?, UPDATED_TIME = ? WHERE NAME = 'sequence'")
                    .setParameter(1, last + given).setParameter(2, System.currentTimeMillis()).executeUpdate();
        }
        return given;
    }

    /**
     * The signals the numbered entries raise, saved unnumbered: the next pass numbers them (and does not judge them).
     * A rule that fails on an entry is rolled back to a savepoint, logged and skipped, never allowed to stop the log's
     * sequencing.
     */
    private void judge(List<AuditEntryEntity> numbered) {
        long start = System.nanoTime();
        SignalReads reads = new SignalReads(em);
        SignalJudge judge = new SignalJudge(reads, signalSettings, System::currentTimeMillis);
        List<AuditEntry> raised = new ArrayList<>();
        int judged = 0;
        for (AuditEntryEntity e : numbered) {
            if (!judge.concerns(e.getRealmId(), e.getAction(), e.getSource())) {
                continue;
            }
            judged++;
            List<AuditEntry> found = reads.guarded(() -> judge.judge(EntityConverter.toEntry(e)));
            if (found == null) {
                LOG.warnf("The signal rules could not judge audit entry %s; it raises no signal", e.getId());
            } else {
                raised.addAll(found);
            }
        }
        raised.forEach(save);
        if (!raised.isEmpty()) {
            em.flush();
        }
        SignalMetrics.pass(numbered.size(), judged, System.nanoTime() - start,
                raised.stream().map(s -> String.valueOf(s.details().get("rule"))).toList());
    }

    /** The oldest unnumbered entries; their chain rows lead the join, on the index over SEQ. */
    private List<AuditEntryEntity> pending(int max) {
        return em.createQuery("select e, c from AuditEntryEntity e, AuditEntryChainEntity c where c.entryId = e.id"
                        + " and c.seq is null order by e.time, e.id", Object[].class)
                .setMaxResults(max).getResultStream()
                .map(AuditEntryEntity::joined).toList();
    }

    /**
     * Writes the numbers as one JDBC batch: one round trip per sequencing pass instead of one per entry. Every row
     * must take its number, because the chain links each to the one before; a row another node numbered meanwhile
     * (impossible under the lock row, but checked) rolls the whole pass back.
     */
    private int numberInOneBatch(List<Object[]> numbered) {
        int[] counts = em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE AUDIT_ENTRY_CHAIN SET SEQ = ?, CHAIN_PREV_SEQ = ?, CHAIN_HASH = ?"
                            + " WHERE ENTRY_ID = ? AND SEQ IS NULL")) {
                for (Object[] row : numbered) {
                    update.setLong(1, (Long) row[0]);
                    update.setLong(2, (Long) row[1]);
                    update.setString(3, (String) row[2]);
                    update.setString(4, (String) row[3]);
                    update.addBatch();
                }
                return update.executeBatch();
            }
        });
        for (int count : counts) {
            if (count == 0) {
                throw new IllegalStateException("an entry was numbered by another sequencer; this pass is rolled back");
            }
        }
        return numbered.size();
    }

    /** Where a realm's chain ends; read under the sequencer's lock. */
    private static final class ChainHead {
        final boolean stored;
        long seq;
        String hash;
        boolean changed;

        ChainHead(boolean stored, long seq, String hash) {
            this.stored = stored;
            this.seq = seq;
            this.hash = hash;
        }
    }

    private ChainHead chainHead(String realmId) {
        List<?> rows = em.createNativeQuery("SELECT LAST_SEQ, LAST_HASH FROM AUDIT_CHAIN_HEAD WHERE REALM_ID = ?")
                .setParameter(1, realmId).getResultList();
        if (rows.isEmpty()) {
            return new ChainHead(false, 0, Chain.GENESIS);
        }
        Object[] row = (Object[]) rows.get(0);
        return new ChainHead(true, ((Number) row[0]).longValue(), (String) row[1]);
    }

    private void saveChainHead(String realmId, ChainHead head) {
        if (!head.changed) {
            return;
        }
        em.createNativeQuery(head.stored ? "UPDATE AUDIT_CHAIN_HEAD SET LAST_SEQ = ?, LAST_HASH = ? WHERE REALM_ID = ?"
                        : "INSERT INTO AUDIT_CHAIN_HEAD (LAST_SEQ, LAST_HASH, REALM_ID) VALUES (?, ?, ?)")
                .setParameter(1, head.seq).setParameter(2, head.hash).setParameter(3, realmId).executeUpdate();
    }

    /**
     * Rebuilds the facet index and the histogram rollup when their lock rows ask for it (an upgrade, a bulk load); under
     * the sequencer's lock.
     */
    boolean rebuildFacetsIfDue() {
        if (facets.ready() && histograms.ready()) {
            return false;
        }
        LockRows.take(em, "sequence");
        boolean rebuilt = false;
        if (!facets.ready()) {
            facets.rebuild();
            rebuilt = true;
        }
        if (!histograms.ready()) {
            histograms.rebuild();
            rebuilt = true;
        }
        return rebuilt;
    }
}
