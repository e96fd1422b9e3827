package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.store.AuditStore.TimeSlice;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * The histogram rollup: how many numbered entries each hour holds, per category and outcome, in each scope (the realm,
 * {@link FacetIndex#REALM}, and each organization and team tag). A chart of millions of entries then sums a few
 * thousand rows instead of grouping every entry (docs/benchmarks.md has both).
 * <p>
 * The sequencer adds what each pass numbers, under its lock row, so there is one writer at a time; retention subtracts
 * what it purges, in the purge's transaction. The reads add the entries not numbered yet in the same statement, so a
 * chart counts every committed entry exactly once. An index that predates entries (an upgrade, a bulk load) is rebuilt
 * from them when the lock row {@code histogram} says 0; until then charts group the entries.
 */
final class HistogramIndex {

    static final long HOUR = 3_600_000L;
    private static final Logger LOG = Logger.getLogger(HistogramIndex.class);
    private static final String SEALED = AuditAction.AUDIT_SEALED.id();

    /** One rollup row's key. */
    record Cell(String realmId, String scopeId, long hour, String category, String outcome) {
    }

    private final EntityManager em;

    HistogramIndex(EntityManager em) {
        this.em = em;
    }

    static long hourOf(long time) {
        return Math.floorDiv(time, HOUR) * HOUR;
    }

    /** Whether the rollup covers every numbered entry. */
    boolean ready() {
        List<?> rows = em.createNativeQuery("SELECT LAST_VALUE FROM AUDIT_LOCK WHERE NAME = 'histogram'")
                .getResultList();
        return !rows.isEmpty() && ((Number) rows.get(0)).longValue() > 0;
    }

    /** Adds the entries a pass numbered; the caller holds the sequencer's lock row. */
    void record(List<AuditEntryEntity> numbered) {
        Map<Cell, Long> cells = new HashMap<>();
        for (AuditEntryEntity e : numbered) {
            if (SEALED.equals(e.getAction())) {
                continue; // seal records are not activity: lists and charts leave them out (docs/query.md)
            }
            long hour = hourOf(e.getTime());
            cells.merge(new Cell(e.getRealmId(), FacetIndex.REALM, hour, e.getCategory(), e.getOutcome()), 1L, Long::sum);
            for (String tag : EntityConverter.scopeTags(e)) {
                cells.merge(new Cell(e.getRealmId(), tag, hour, e.getCategory(), e.getOutcome()), 1L, Long::sum);
            }
        }
        add(cells, 1);
    }

    /**
     * Adds (sign 1) or subtracts (sign -1) counts: one batch of updates, then one batch of inserts for the cells that
     * had no row. Subtracting never inserts, and drops the rows that reach zero.
     */
    void add(Map<Cell, Long> cells, int sign) {
        if (cells.isEmpty()) {
            return;
        }
        List<Cell> keys = new ArrayList<>(cells.keySet());
        em.unwrap(Session.class).doWork(connection -> {
            int[] updated;
            try (PreparedStatement update = connection.prepareStatement("UPDATE AUDIT_HISTOGRAM SET ENTRIES = ENTRIES + ?"
                    + " WHERE REALM_ID = ? AND SCOPE_ID = ? AND HOUR_START = ? AND CATEGORY = ? AND OUTCOME = ?")) {
                for (Cell c : keys) {
                    update.setLong(1, sign * cells.get(c));
                    bind(update, 2, c);
                    update.addBatch();
                }
                updated = update.executeBatch();
            }
            if (sign > 0) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO AUDIT_HISTOGRAM (ENTRIES,"
                        + " REALM_ID, SCOPE_ID, HOUR_START, CATEGORY, OUTCOME) VALUES (?, ?, ?, ?, ?, ?)")) {
                    boolean any = false;
                    for (int i = 0; i < keys.size(); i++) {
                        if (updated[i] == 0) {
                            insert.setLong(1, cells.get(keys.get(i)));
                            bind(insert, 2, keys.get(i));
                            insert.addBatch();
                            any = true;
                        }
                    }
                    if (any) {
                        insert.executeBatch();
                    }
                }
            } else {
                try (PreparedStatement drop = connection.prepareStatement(
                        "DELETE FROM AUDIT_HISTOGRAM WHERE REALM_ID = ? AND ENTRIES <= 0")) {
                    drop.setString(1, keys.get(0).realmId());
                    drop.executeUpdate();
                }
            }
        });
    }

    private static void bind(PreparedStatement s, int first, Cell c) throws java.sql.SQLException {
        s.setString(first, c.realmId());
        s.setString(first + 1, c.scopeId());
        s.setLong(first + 2, c.hour());
        s.setString(first + 3, c.category());
        s.setString(first + 4, c.outcome());
    }

    /** The cells of a sealed range's entries, counted before retention deletes them. */
    Map<Cell, Long> cellsOfRange(String realmId, long afterSeq, long lastSeq) {
        Map<Cell, Long> cells = new HashMap<>();
        String hour = "e.EVENT_TIME - MOD(e.EVENT_TIME, " + HOUR + ")";
        String range = " FROM AUDIT_ENTRY_CHAIN c JOIN AUDIT_ENTRY e ON e.ID = c.ENTRY_ID%s WHERE c.REALM_ID = ?"
                + " AND c.SEQ > ? AND c.SEQ <= ? AND e.ACTION <> '" + SEALED + "' GROUP BY %s, e.CATEGORY, e.OUTCOME";
        String realmScope = "SELECT '" + FacetIndex.REALM + "', " + hour + ", e.CATEGORY, e.OUTCOME, COUNT(*)"
                + String.format(range, "", hour);
        String tagScope = "SELECT o.ORG_ID, " + hour + ", e.CATEGORY, e.OUTCOME, COUNT(*)"
                + String.format(range, " JOIN AUDIT_ENTRY_ORG o ON o.ENTRY_ID = e.ID", "o.ORG_ID, " + hour);
        for (String sql : List.of(realmScope, tagScope)) {
            em.unwrap(Session.class).doWork(connection -> {
                try (PreparedStatement select = connection.prepareStatement(sql)) {
                    select.setString(1, realmId);
                    select.setLong(2, afterSeq);
                    select.setLong(3, lastSeq);
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            cells.merge(new Cell(realmId, rs.getString(1), rs.getLong(2), rs.getString(3),
                                    rs.getString(4)), rs.getLong(5), Long::sum);
                        }
                    }
                }
            });
        }
        return cells;
    }

    /**
     * Rebuilds the rollup from the numbered entries (an upgrade, a bulk load): two grouped scans of the log. The caller
     * holds the sequencer's lock row, so nothing is numbered meanwhile.
     */
    void rebuild() {
        long start = System.currentTimeMillis();
        em.createNativeQuery("DELETE FROM AUDIT_HISTOGRAM").executeUpdate();
        String hour = "e.EVENT_TIME - MOD(e.EVENT_TIME, " + HOUR + ")";
        String from = " FROM AUDIT_ENTRY_CHAIN c JOIN AUDIT_ENTRY e ON e.ID = c.ENTRY_ID%s WHERE c.SEQ IS NOT NULL"
                + " AND e.ACTION <> '" + SEALED + "' GROUP BY e.REALM_ID, %s, e.CATEGORY, e.OUTCOME";
        String insert = "INSERT INTO AUDIT_HISTOGRAM (REALM_ID, SCOPE_ID, HOUR_START, CATEGORY, OUTCOME, ENTRIES) ";
        em.createNativeQuery(insert + "SELECT e.REALM_ID, '" + FacetIndex.REALM + "', " + hour
                + ", e.CATEGORY, e.OUTCOME, COUNT(*)" + String.format(from, "", hour)).executeUpdate();
        em.createNativeQuery(insert + "SELECT e.REALM_ID, o.ORG_ID, " + hour + ", e.CATEGORY, e.OUTCOME, COUNT(*)"
                + String.format(from, " JOIN AUDIT_ENTRY_ORG o ON o.ENTRY_ID = e.ID", "o.ORG_ID, " + hour))
                .executeUpdate();
        em.createNativeQuery("UPDATE AUDIT_LOCK SET LAST_VALUE = 1, UPDATED_TIME = ? WHERE NAME = 'histogram'")
                .setParameter(1, System.currentTimeMillis()).executeUpdate();
        LOG.infof("Rebuilt the audit log's histogram rollup from the entries in %d ms",
                System.currentTimeMillis() - start);
    }

    /**
     * The chart of the rollup's hours {@code [span.rollFrom, span.rollTo)} in one scope, in bars of {@code bucketMs} (a
     * multiple of an hour), counting only entries in {@code [from, to]}: the rollup's rows, plus the entries of those
     * hours not numbered yet, minus every entry of those hours outside the range (numbered ones are in the rows,
     * unnumbered ones were just added). One statement, so an entry numbered meanwhile is counted once.
     */
    List<TimeSlice> slices(String realmId, String scopeId, HistogramSpan span, long from, long to, long bucketMs,
                           Collection<String> categories, Collection<String> outcomes) {
        List<Object> params = new ArrayList<>(List.of(realmId, scopeId, span.rollFrom(), span.rollTo()));
        params.addAll(categories);
        params.addAll(outcomes);
        StringBuilder sql = new StringBuilder("SELECT b, outcome, SUM(n) FROM (")
                .append("SELECT h.HOUR_START - MOD(h.HOUR_START, ").append(bucketMs).append(") b, h.OUTCOME outcome,")
                .append(" h.ENTRIES n FROM AUDIT_HISTOGRAM h WHERE h.REALM_ID = ? AND h.SCOPE_ID = ?")
                .append(" AND h.HOUR_START >= ? AND h.HOUR_START < ?")
                .append(in("h.CATEGORY", categories)).append(in("h.OUTCOME", outcomes));
        entries(sql, params, true, realmId, scopeId, span.rollFrom(), span.rollTo(), bucketMs, categories, outcomes);
        if (span.rollFrom() < from) {
            entries(sql, params, false, realmId, scopeId, span.rollFrom(), from, bucketMs, categories, outcomes);
        }
        if (to + 1 < span.rollTo()) {
            entries(sql, params, false, realmId, scopeId, to + 1, span.rollTo(), bucketMs, categories, outcomes);
        }
        sql.append(") x GROUP BY b, outcome");
        return em.unwrap(Session.class).doReturningWork(connection -> {
            List<TimeSlice> slices = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < params.size(); i++) {
                    select.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        slices.add(new TimeSlice(rs.getLong(1), rs.getString(2), rs.getLong(3)));
                    }
                }
            }
            return slices;
        });
    }

    /**
     * Appends one part of {@link #slices}, the activity entries of {@code [start, end)} in the scope: those not
     * numbered yet, each counting 1, found from their chain rows (a few, over the whole span); or all of them, each
     * counting -1, from the entries' (realm, time) index (part of an hour, without a join to their chain rows).
     */
    private static void entries(StringBuilder sql, List<Object> params, boolean unnumbered, String realmId,
                                String scopeId, long start, long end, long bucketMs, Collection<String> categories,
                                Collection<String> outcomes) {
        boolean tagged = !FacetIndex.REALM.equals(scopeId);
        sql.append(" UNION ALL SELECT e.EVENT_TIME - MOD(e.EVENT_TIME, ").append(bucketMs).append(") b,")
                .append(" e.OUTCOME outcome, ").append(unnumbered ? "1" : "-1").append(" n")
                .append(unnumbered ? " FROM AUDIT_ENTRY_CHAIN c JOIN AUDIT_ENTRY e ON e.ID = c.ENTRY_ID"
                        : " FROM AUDIT_ENTRY e")
                .append(tagged ? " JOIN AUDIT_ENTRY_ORG o ON o.ENTRY_ID = e.ID AND o.ORG_ID = ?" : "")
                .append(unnumbered ? " WHERE c.REALM_ID = ? AND c.SEQ IS NULL" : " WHERE e.REALM_ID = ?")
                .append(" AND e.EVENT_TIME >= ? AND e.EVENT_TIME < ? AND e.ACTION <> '").append(SEALED).append("'")
                .append(in("e.CATEGORY", categories)).append(in("e.OUTCOME", outcomes));
        if (tagged) {
            params.add(scopeId);
        }
        params.addAll(List.of(realmId, start, end));
        params.addAll(categories);
        params.addAll(outcomes);
    }

    private static String in(String column, Collection<String> values) {
        return values.isEmpty() ? "" : " AND " + column + " IN (" + String.join(", ", values.stream()
                .map(v -> "?").toList()) + ")";
    }

    /** A realm's rows go with the realm. */
    void deleteRealm(String realmId) {
        em.createNativeQuery("DELETE FROM AUDIT_HISTOGRAM WHERE REALM_ID = ?").setParameter(1, realmId).executeUpdate();
    }
}
