package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.stream.Attempt;
import dev.kcaudit.audit.stream.Stream;
import dev.kcaudit.audit.stream.StreamConfig;
import dev.kcaudit.audit.stream.StreamState;
import dev.kcaudit.audit.stream.StreamStore;
import dev.kcaudit.audit.stream.StreamType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.keycloak.util.JsonSerialization;

/** Streams on Keycloak's database, in plain SQL: every state change is one conditional UPDATE. */
public class JpaStreamStore implements StreamStore {

    private static final String COLUMNS = "ID, REALM_ID, NAME, STREAM_TYPE, CONFIG_JSON, SCOPE_ORGS, PAUSED, CREATED_BY,"
            + " CREATED_TIME, UPDATED_TIME, POSITION, STATE, RETRIES, NEXT_ATTEMPT, FAILING_SINCE, DELIVERED, FAILED,"
            + " ATTEMPTS, LAST_SUCCESS, LAST_ERROR, LAST_STATUS, LEASE_OWNER, LEASE_UNTIL, SECRET_ENC";

    private final EntityManager em;

    public JpaStreamStore(EntityManager em) {
        this.em = em;
    }

    @Override
    public void create(Stream s, String sealedSecrets, long position) {
        em.createNativeQuery("INSERT INTO AUDIT_STREAM (ID, REALM_ID, NAME, STREAM_TYPE, CONFIG_JSON, SCOPE_ORGS,"
                        + " PAUSED, CREATED_BY, CREATED_TIME, UPDATED_TIME, SECRET_ENC, POSITION, STATE, RETRIES,"
                        + " DELIVERED, FAILED, ATTEMPTS) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0)")
                .setParameter(1, s.id()).setParameter(2, s.realmId()).setParameter(3, s.name())
                .setParameter(4, s.type().id()).setParameter(5, json(s.config())).setParameter(6, scope(s.scope()))
                .setParameter(7, s.paused()).setParameter(8, s.createdBy()).setParameter(9, s.created())
                .setParameter(10, s.updated()).setParameter(11, sealedSecrets).setParameter(12, position)
                .setParameter(13, StreamState.ACTIVE).executeUpdate();
    }

    @Override
    public Optional<Stored> get(String realmId, String id) {
        // No realm: the delivery side, which knows only the id.
        List<?> rows = realmId == null
                ? em.createNativeQuery("SELECT " + COLUMNS + " FROM AUDIT_STREAM WHERE ID = ?")
                        .setParameter(1, id).getResultList()
                : em.createNativeQuery("SELECT " + COLUMNS + " FROM AUDIT_STREAM WHERE REALM_ID = ? AND ID = ?")
                        .setParameter(1, realmId).setParameter(2, id).getResultList();
        return rows.stream().findFirst().map(r -> stored((Object[]) r));
    }

    @Override
    public List<Stored> list(String realmId) {
        return em.createNativeQuery("SELECT " + COLUMNS + " FROM AUDIT_STREAM WHERE REALM_ID = ? ORDER BY NAME, ID")
                .setParameter(1, realmId).getResultList().stream().map(r -> stored((Object[]) r)).toList();
    }

    @Override
    public void update(Stream s, String sealedSecrets) {
        Query q = em.createNativeQuery("UPDATE AUDIT_STREAM SET NAME = ?, CONFIG_JSON = ?, SCOPE_ORGS = ?,"
                        + " UPDATED_TIME = ?" + (sealedSecrets == null ? "" : ", SECRET_ENC = ?") + " WHERE ID = ?")
                .setParameter(1, s.name()).setParameter(2, json(s.config())).setParameter(3, scope(s.scope()))
                .setParameter(4, s.updated());
        if (sealedSecrets != null) {
            q.setParameter(5, sealedSecrets).setParameter(6, s.id());
        } else {
            q.setParameter(5, s.id());
        }
        q.executeUpdate();
    }

    @Override
    public void setPaused(String id, boolean paused) {
        em.createNativeQuery("UPDATE AUDIT_STREAM SET PAUSED = ?, UPDATED_TIME = ? WHERE ID = ?")
                .setParameter(1, paused).setParameter(2, System.currentTimeMillis()).setParameter(3, id).executeUpdate();
    }

    @Override
    public void replay(String id, long position) {
        em.createNativeQuery("UPDATE AUDIT_STREAM SET POSITION = ?, RETRIES = 0, NEXT_ATTEMPT = NULL WHERE ID = ?")
                .setParameter(1, position).setParameter(2, id).executeUpdate();
    }

    @Override
    public void delete(String id) {
        em.createNativeQuery("DELETE FROM AUDIT_STREAM_ATTEMPT WHERE STREAM_ID = ?").setParameter(1, id).executeUpdate();
        em.createNativeQuery("DELETE FROM AUDIT_STREAM WHERE ID = ?").setParameter(1, id).executeUpdate();
    }

    @Override
    public void deleteRealm(String realmId) {
        em.createNativeQuery("DELETE FROM AUDIT_STREAM_ATTEMPT WHERE STREAM_ID IN"
                + " (SELECT ID FROM AUDIT_STREAM WHERE REALM_ID = ?)").setParameter(1, realmId).executeUpdate();
        em.createNativeQuery("DELETE FROM AUDIT_STREAM WHERE REALM_ID = ?").setParameter(1, realmId).executeUpdate();
    }

    @Override
    public List<String> due(long now, String node) {
        return em.createNativeQuery("SELECT ID FROM AUDIT_STREAM WHERE PAUSED = ?"
                        + " AND (NEXT_ATTEMPT IS NULL OR NEXT_ATTEMPT <= ?)"
                        + " AND (LEASE_OWNER IS NULL OR LEASE_UNTIL < ? OR LEASE_OWNER = ?)")
                .setParameter(1, false).setParameter(2, now).setParameter(3, now).setParameter(4, node)
                .getResultList().stream().map(String.class::cast).toList();
    }

    @Override
    public boolean lease(String id, String node, long now, long until) {
        return em.createNativeQuery("UPDATE AUDIT_STREAM SET LEASE_OWNER = ?, LEASE_UNTIL = ? WHERE ID = ?"
                        + " AND (LEASE_OWNER IS NULL OR LEASE_UNTIL < ? OR LEASE_OWNER = ?)")
                .setParameter(1, node).setParameter(2, until).setParameter(3, id).setParameter(4, now)
                .setParameter(5, node).executeUpdate() == 1;
    }

    @Override
    public void release(String id, String node) {
        em.createNativeQuery("UPDATE AUDIT_STREAM SET LEASE_OWNER = NULL, LEASE_UNTIL = NULL"
                + " WHERE ID = ? AND LEASE_OWNER = ?").setParameter(1, id).setParameter(2, node).executeUpdate();
    }

    @Override
    public boolean delivered(String id, String node, long expected, long position, int entries, long now,
                             long leaseUntil) {
        return em.createNativeQuery("UPDATE AUDIT_STREAM SET POSITION = ?, DELIVERED = DELIVERED + ?, RETRIES = 0,"
                        + " NEXT_ATTEMPT = NULL, FAILING_SINCE = NULL, STATE = ?, LAST_SUCCESS = ?, LEASE_UNTIL = ?"
                        + " WHERE ID = ? AND LEASE_OWNER = ? AND POSITION = ?")
                .setParameter(1, position).setParameter(2, entries).setParameter(3, StreamState.ACTIVE)
                .setParameter(4, now).setParameter(5, leaseUntil).setParameter(6, id).setParameter(7, node)
                .setParameter(8, expected).executeUpdate() == 1;
    }

    @Override
    public boolean skipped(String id, String node, long expected, long position) {
        return em.createNativeQuery("UPDATE AUDIT_STREAM SET POSITION = ? WHERE ID = ? AND LEASE_OWNER = ?"
                        + " AND POSITION = ?").setParameter(1, position).setParameter(2, id).setParameter(3, node)
                .setParameter(4, expected).executeUpdate() == 1;
    }

    @Override
    public void failed(String id, String node, int retries, long nextAttempt, long failingSince, String state,
                       Integer status, String error) {
        em.createNativeQuery("UPDATE AUDIT_STREAM SET RETRIES = ?, NEXT_ATTEMPT = ?, FAILING_SINCE = ?, STATE = ?,"
                        + " LAST_STATUS = ?, LAST_ERROR = ?, FAILED = FAILED + 1, LEASE_OWNER = NULL, LEASE_UNTIL = NULL"
                        + " WHERE ID = ? AND LEASE_OWNER = ?")
                .setParameter(1, retries).setParameter(2, nextAttempt).setParameter(3, failingSince)
                .setParameter(4, state).setParameter(5, status).setParameter(6, truncate(error)).setParameter(7, id)
                .setParameter(8, node).executeUpdate();
    }

    @Override
    public long nextAttemptNumber(String id) {
        em.createNativeQuery("UPDATE AUDIT_STREAM SET ATTEMPTS = ATTEMPTS + 1 WHERE ID = ?").setParameter(1, id)
                .executeUpdate();
        List<?> rows = em.createNativeQuery("SELECT ATTEMPTS FROM AUDIT_STREAM WHERE ID = ?").setParameter(1, id)
                .getResultList();
        return rows.isEmpty() ? -1 : ((Number) rows.get(0)).longValue();
    }

    @Override
    public void attempt(String id, Attempt a, int keep) {
        em.createNativeQuery("INSERT INTO AUDIT_STREAM_ATTEMPT (STREAM_ID, ATTEMPT_NO, ATTEMPT_TIME, FIRST_SEQ, LAST_SEQ,"
                        + " ENTRY_COUNT, OK, STATUS_CODE, ERROR, DURATION_MS, NODE) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .setParameter(1, id).setParameter(2, a.number()).setParameter(3, a.time()).setParameter(4, a.firstSeq())
                .setParameter(5, a.lastSeq()).setParameter(6, a.entries()).setParameter(7, a.ok())
                .setParameter(8, a.status()).setParameter(9, truncate(a.error())).setParameter(10, a.durationMs())
                .setParameter(11, a.node()).executeUpdate();
        em.createNativeQuery("DELETE FROM AUDIT_STREAM_ATTEMPT WHERE STREAM_ID = ? AND ATTEMPT_NO <= ?")
                .setParameter(1, id).setParameter(2, a.number() - keep).executeUpdate();
    }

    @Override
    public List<Attempt> attempts(String id, int max) {
        return em.createNativeQuery("SELECT ATTEMPT_NO, ATTEMPT_TIME, FIRST_SEQ, LAST_SEQ, ENTRY_COUNT, OK, STATUS_CODE,"
                        + " ERROR, DURATION_MS, NODE FROM AUDIT_STREAM_ATTEMPT WHERE STREAM_ID = ? ORDER BY ATTEMPT_NO DESC")
                .setParameter(1, id).setMaxResults(max).getResultList().stream().map(o -> {
                    Object[] r = (Object[]) o;
                    return new Attempt(num(r[0]), num(r[1]), numOrNull(r[2]), numOrNull(r[3]), (int) num(r[4]),
                            bool(r[5]), r[6] == null ? null : (int) num(r[6]), (String) r[7], num(r[8]), (String) r[9]);
                }).toList();
    }

    private static Stored stored(Object[] r) {
        StreamConfig config;
        try {
            config = JsonSerialization.readValue((String) r[4], StreamConfig.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stream " + r[0] + " has unreadable settings", e);
        }
        Stream stream = new Stream((String) r[0], (String) r[1], (String) r[2],
                StreamType.byId((String) r[3]).orElseThrow(), config, scope((String) r[5]), bool(r[6]), (String) r[7],
                num(r[8]), num(r[9]));
        StreamState state = new StreamState(num(r[10]), (String) r[11], (int) num(r[12]), numOrNull(r[13]),
                numOrNull(r[14]), num(r[15]), num(r[16]), num(r[17]), numOrNull(r[18]), (String) r[19],
                r[20] == null ? null : (int) num(r[20]), (String) r[21], numOrNull(r[22]));
        return new Stored(stream, state, (String) r[23]);
    }

    private static String json(StreamConfig config) {
        try {
            return JsonSerialization.writeValueAsString(config);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Organization ids, space-separated; null for the whole realm. */
    private static String scope(Set<String> orgs) {
        return orgs == null ? null : String.join(" ", orgs.stream().sorted().toList());
    }

    private static Set<String> scope(String stored) {
        return stored == null ? null : new LinkedHashSet<>(Arrays.asList(stored.split(" ")));
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 1000 ? error : error.substring(0, 997) + "...";
    }

    private static long num(Object o) {
        return ((Number) o).longValue();
    }

    private static Long numOrNull(Object o) {
        return o == null ? null : ((Number) o).longValue();
    }

    private static boolean bool(Object o) {
        return o instanceof Boolean b ? b : ((Number) o).intValue() != 0;
    }
}
