package dev.kcaudit.audit.store.jpa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.Origin;
import dev.kcaudit.audit.model.OrganizationRef;
import dev.kcaudit.audit.signal.SignalHistory;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.hibernate.Session;
import org.jboss.logging.Logger;
import org.keycloak.util.JsonSerialization;

/**
 * The signal rules' reads, in the sequencing pass's transaction, in plain JDBC: no flush of the pass's entities before
 * each read, and a failed read cannot mark the pass for rollback (see {@link #guarded}). Each read is one range of
 * one index that leads with the realm and the subject's column (resource id, actor name, actor id, action), then time;
 * whether a signal was raised reads the rule's signals on the action index and compares the subject itself.
 */
final class SignalReads implements SignalHistory {

    /**
     * A network's failures are found among the realm's failed logins of the window, newest first: an IP-range read on
     * the IP index would walk every entry the network ever produced (a company behind one NAT address). At most this
     * many are looked at; a burst that large has long reached any threshold within them.
     */
    static final int NETWORK_SCAN = 5_000;
    /** Newest first by time alone: an ID in the order would make PostgreSQL walk the realm's time index instead. */
    private static final String ENTRIES = "SELECT ID, EVENT_TIME%s FROM AUDIT_ENTRY WHERE REALM_ID = ? AND ACTION IN (%s)"
            + " AND EVENT_TIME >= ? AND EVENT_TIME <= ?%s ORDER BY EVENT_TIME DESC";

    /** A read that failed; caught by {@link #guarded}, never seen by Hibernate. */
    static final class ReadFailed extends RuntimeException {
        ReadFailed(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    @FunctionalInterface
    private interface Read<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final Logger LOG = Logger.getLogger(SignalReads.class);
    private final EntityManager em;

    SignalReads(EntityManager em) {
        this.em = em;
    }

    /**
     * Runs a judgement under a savepoint: if a read fails (on PostgreSQL a failed statement aborts the transaction),
     * the savepoint is rolled back and null returned, so the pass goes on numbering and one entry goes unjudged
     * instead of the log stalling on it.
     */
    <T> T guarded(Supplier<T> judgement) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            Savepoint savepoint = connection.setSavepoint();
            try {
                T result = judgement.get();
                connection.releaseSavepoint(savepoint);
                return result;
            } catch (RuntimeException e) {
                connection.rollback(savepoint);
                LOG.warnf(e, "A signal rule failed; the entry raises no signal");
                return null;
            }
        });
    }

    private <T> T read(Read<T> read) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try {
                return read.run(connection);
            } catch (SQLException e) {
                throw new ReadFailed(e);
            }
        });
    }

    @Override
    public List<Trigger> matching(Match m, long from, long to, int max) {
        String actions = String.join(", ", m.actions().stream().map(a -> "'" + a.id() + "'").toList());
        boolean network = m.ipRange() != null;
        String subject = m.resourceId() != null ? " AND RESOURCE_ID = ?"
                : m.anonymousName() != null ? " AND ACTOR_USERNAME = ? AND RESOURCE_ID IS NULL"
                : m.actorId() != null ? " AND ACTOR_ID = ?" : "";
        String value = m.resourceId() != null ? m.resourceId()
                : m.anonymousName() != null ? m.anonymousName() : m.actorId();
        String sql = String.format(ENTRIES, network ? ", IP_KEY" : "", actions, subject);
        return read(connection -> {
            List<Trigger> found = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setString(1, m.realmId());
                select.setLong(2, from);
                select.setLong(3, to);
                if (value != null) {
                    select.setString(4, value);
                }
                select.setMaxRows(network ? NETWORK_SCAN : max);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next() && found.size() < max) {
                        if (!network || within(rs.getString(3), m)) {
                            found.add(new Trigger(rs.getString(1), rs.getLong(2)));
                        }
                    }
                }
            }
            return found;
        });
    }

    private static boolean within(String ipKey, Match m) {
        return ipKey != null && ipKey.compareTo(m.ipRange().low()) >= 0 && ipKey.compareTo(m.ipRange().high()) <= 0;
    }

    @Override
    public Map<String, List<OrganizationRef>> organizations(Collection<String> entryIds) {
        Map<String, List<OrganizationRef>> found = new HashMap<>();
        if (entryIds.isEmpty()) {
            return found;
        }
        String marks = String.join(", ", entryIds.stream().map(id -> "?").toList());
        return read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT ID, ORGANIZATIONS_JSON FROM AUDIT_ENTRY WHERE ID IN (" + marks + ")")) {
                int i = 1;
                for (String id : entryIds) {
                    select.setString(i++, id);
                }
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getString(1), EntityConverter.organizations(rs.getString(2)));
                    }
                }
            }
            return found;
        });
    }

    @Override
    public List<Origin> loginOrigins(String realmId, String userId, long from, long to, String except, int max) {
        return read(connection -> {
            List<Origin> found = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT ORIGIN_JSON FROM AUDIT_ENTRY"
                    + " WHERE REALM_ID = ? AND RESOURCE_ID = ? AND ACTION = ? AND EVENT_TIME >= ? AND EVENT_TIME <= ?"
                    + " AND ID <> ? AND ORIGIN_JSON IS NOT NULL ORDER BY EVENT_TIME DESC")) {
                select.setString(1, realmId);
                select.setString(2, userId);
                select.setString(3, AuditAction.LOGIN.id());
                select.setLong(4, from);
                select.setLong(5, to);
                select.setString(6, except);
                select.setMaxRows(max);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        found.add(EntityConverter.originOf(rs.getString(1)));
                    }
                }
            }
            return found.stream().filter(Objects::nonNull).toList();
        });
    }

    @Override
    public boolean raised(String realmId, AuditAction signal, String subjectId, long since) {
        // Raised at or after its last trigger: the signals raised since `since` hold every candidate. The read is the
        // rule's signals of the window on the action index, the subject compared here: with the subject in the SQL,
        // PostgreSQL's generic plan walked the subject's every entry of the window on the resource index (a user's
        // logins and updates, 1.7 ms per login in the capture benchmark), where a rule's signals are few.
        return read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT RESOURCE_ID, DETAILS_JSON"
                    + " FROM AUDIT_ENTRY WHERE REALM_ID = ? AND ACTION = ? AND EVENT_TIME >= ?")) {
                select.setString(1, realmId);
                select.setString(2, signal.id());
                select.setLong(3, since);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        if (subjectId.equals(rs.getString(1)) && lastTime(rs.getString(2)) >= since) {
                            return true;
                        }
                    }
                }
            }
            return false;
        });
    }

    private static long lastTime(String details) {
        try {
            JsonNode last = JsonSerialization.mapper.readTree(details).path("lastTime");
            return last.isNumber() ? last.asLong() : Long.MAX_VALUE;
        } catch (java.io.IOException | RuntimeException e) {
            return Long.MAX_VALUE; // unreadable: count it as recent, so no second signal
        }
    }
}
