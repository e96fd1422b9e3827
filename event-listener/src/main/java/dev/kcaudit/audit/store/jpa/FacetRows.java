package dev.kcaudit.audit.store.jpa;

import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.hibernate.Session;

/**
 * Writes the facet index's rows ({@link FacetIndex}): each value and actor a scope has not got yet, once. Remembers
 * what this node wrote or found, so a busy sequencer does not read the tables for rows it already knows.
 */
final class FacetRows {

    /** Rows this node wrote or found, so a busy sequencer skips them; forgotten now and then (another node's realm
     * removal, a rebuild) and when large. */
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
    private static final int KNOWN_MAX = 100_000;
    private static final long KNOWN_FOR_MS = 600_000;
    private static volatile long knownSince = System.currentTimeMillis();

    private final EntityManager em;
    private final Consumer<Runnable> afterCommit;

    /** {@code afterCommit}: runs a task once the current transaction has committed (not if it rolls back). */
    FacetRows(EntityManager em, Consumer<Runnable> afterCommit) {
        this.em = em;
        this.afterCommit = afterCommit;
    }

    record Value(String realmId, String scope, String facet, String value) {
        String key() {
            return String.join("\u0000", "v", realmId, scope, facet, value);
        }
    }

    record ActorRow(String realmId, String scope, String type, String id, String username, String email) {
        String hash() {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.join("\u0000", type,
                        String.valueOf(id), username, String.valueOf(email)).getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        String key() {
            return String.join("\u0000", "a", realmId, scope, hash());
        }
    }

    /**
     * Inserts each row this node has not seen and the table does not hold: one read of what is there, then one JDBC
     * batch of plain inserts per table (MariaDB's bulk protocol takes no INSERT ... SELECT). The caller holds the
     * sequencer's lock row, which every writer of these tables takes, so nothing is inserted between read and write.
     */
    void write(Set<Value> values, Set<ActorRow> actors) {
        if (System.currentTimeMillis() - knownSince > KNOWN_FOR_MS || KNOWN.size() > KNOWN_MAX) {
            forget();
        }
        List<Value> newValues = values.stream().filter(v -> !KNOWN.contains(v.key())).toList();
        Map<String, ActorRow> newActors = new LinkedHashMap<>();
        actors.stream().filter(a -> !KNOWN.contains(a.key())).forEach(a -> newActors.putIfAbsent(a.key(), a));
        if (newValues.isEmpty() && newActors.isEmpty()) {
            return;
        }
        Set<String> stored = storedKeys(newValues, newActors.values());
        List<String[]> valueRows = newValues.stream().filter(v -> !stored.contains(v.key()))
                .map(v -> new String[] {v.realmId(), v.scope(), v.facet(), v.value()}).toList();
        List<String[]> actorRows = newActors.values().stream().filter(a -> !stored.contains(a.key()))
                .map(a -> new String[] {a.realmId(), a.scope(), a.hash(), a.type(), a.id(), a.username(), a.email()})
                .toList();
        em.unwrap(Session.class).doWork(connection -> {
            insert(connection, "INSERT INTO AUDIT_FACET (REALM_ID, SCOPE_ID, FACET, VAL) VALUES (?, ?, ?, ?)",
                    valueRows);
            insert(connection, "INSERT INTO AUDIT_FACET_ACTOR (REALM_ID, SCOPE_ID, ACTOR_KEY, ACTOR_TYPE, ACTOR_ID,"
                    + " ACTOR_USERNAME, ACTOR_EMAIL) VALUES (?, ?, ?, ?, ?, ?, ?)", actorRows);
        });
        // Remembered only once committed: a pass that rolls back numbers its entries again, and must write them again.
        List<String> written = new ArrayList<>(newValues.stream().map(Value::key).toList());
        written.addAll(newActors.keySet());
        afterCommit.accept(() -> KNOWN.addAll(written));
    }

    /** The keys of these rows that the tables already hold: per realm, a scope's values, and actors by key. */
    private Set<String> storedKeys(List<Value> values, Collection<ActorRow> actors) {
        Set<String> stored = new HashSet<>();
        Map<String, Set<String>> scopesByRealm = new LinkedHashMap<>();
        values.forEach(v -> scopesByRealm.computeIfAbsent(v.realmId(), r -> new LinkedHashSet<>()).add(v.scope()));
        scopesByRealm.forEach((realmId, scopes) -> {
            for (Object row : em.createNativeQuery("SELECT SCOPE_ID, FACET, VAL FROM AUDIT_FACET WHERE REALM_ID = :realm"
                            + " AND SCOPE_ID IN (:scopes)", Object[].class)
                    .setParameter("realm", realmId).setParameter("scopes", List.copyOf(scopes)).getResultList()) {
                Object[] r = (Object[]) row;
                stored.add(new Value(realmId, (String) r[0], (String) r[1], (String) r[2]).key());
            }
        });
        Map<String, List<ActorRow>> actorsByRealm = new LinkedHashMap<>();
        actors.forEach(a -> actorsByRealm.computeIfAbsent(a.realmId(), r -> new ArrayList<>()).add(a));
        actorsByRealm.forEach((realmId, rows) -> {
            List<String> hashes = rows.stream().map(ActorRow::hash).distinct().toList();
            for (int from = 0; from < hashes.size(); from += 500) {
                for (Object row : em.createNativeQuery("SELECT SCOPE_ID, ACTOR_KEY FROM AUDIT_FACET_ACTOR"
                                + " WHERE REALM_ID = :realm AND ACTOR_KEY IN (:keys)", Object[].class)
                        .setParameter("realm", realmId)
                        .setParameter("keys", hashes.subList(from, Math.min(hashes.size(), from + 500)))
                        .getResultList()) {
                    Object[] r = (Object[]) row;
                    stored.add(String.join("\u0000", "a", realmId, (String) r[0], (String) r[1]));
                }
            }
        });
        return stored;
    }

    private static void insert(Connection connection, String sql, List<String[]> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    insert.setString(i + 1, row[i]);
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Forgets what this node knew: the tables may have lost rows (a realm removed, a rebuild). */
    static void forget() {
        KNOWN.clear();
        knownSince = System.currentTimeMillis();
    }
}
