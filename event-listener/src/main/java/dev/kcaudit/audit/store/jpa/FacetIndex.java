package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.store.AuditStore.Facet;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Which facet values and which actors occur in each scope: the realm ({@link #REALM}), each organization and each
 * team (the entry's scope tags).
 * Facets read it with one indexed query per facet, where probing the entries for an absent value would read every
 * entry of the scope (docs/benchmarks.md measures both).
 * <p>
 * The sequencer adds what each numbered batch brings, under its lock row, so the index is off the request path and
 * has one writer at a time. Rows go only with their realm: a value stays listed after retention purged its last entry,
 * which is what "recorded in your scope, ever" means (docs/query.md). An index that predates entries (an upgrade, a
 * bulk load) is rebuilt from them when the lock row {@code facets} says 0.
 */
final class FacetIndex {

    /** The scope id of realm-wide rows; organization and team rows carry the organization's or team's id. */
    static final String REALM = "*";
    private static final Logger LOG = Logger.getLogger(FacetIndex.class);
    private static final String SEALED = AuditAction.AUDIT_SEALED.id();

    private final EntityManager em;
    private final FacetRows writer;

    /** {@code afterCommit}: runs a task once the current transaction has committed (not if it rolls back). */
    FacetIndex(EntityManager em, Consumer<Runnable> afterCommit) {
        this.em = em;
        this.writer = new FacetRows(em, afterCommit);
    }

    /** Whether the index covers every entry (0 in the lock row: a rebuild is due, and facets probe the entries). */
    boolean ready() {
        List<?> rows = em.createNativeQuery("SELECT LAST_VALUE FROM AUDIT_LOCK WHERE NAME = 'facets'").getResultList();
        return !rows.isEmpty() && ((Number) rows.get(0)).longValue() > 0;
    }

    /** Adds what these entries bring; the caller holds the sequencer's lock row. */
    void record(List<AuditEntryEntity> entries) {
        Set<FacetRows.Value> values = new LinkedHashSet<>();
        Set<FacetRows.ActorRow> actors = new LinkedHashSet<>();
        for (AuditEntryEntity e : entries) {
            if (SEALED.equals(e.getAction())) {
                continue; // seal records are not activity; facets leave them out like every list (docs/query.md)
            }
            List<String> scopes = new ArrayList<>();
            scopes.add(REALM);
            scopes.addAll(EntityConverter.scopeTags(e));
            for (String scope : scopes) {
                addFacets(values, e.getRealmId(), scope, e.getCategory(), e.getAction(), e.getResourceType(),
                        e.getSource(), e.getOutcome(), e.getCountry(), e.getDevice());
                if (e.getActorUsername() != null) {
                    actors.add(new FacetRows.ActorRow(e.getRealmId(), scope, e.getActorType(), e.getActorId(),
                            e.getActorUsername(), e.getActorEmail()));
                }
            }
        }
        writer.write(values, actors);
    }

    /**
     * Rebuilds the index from the entries (an upgrade, a bulk load): a few grouped scans of the log, each row
     * inserted unless present. The caller holds the sequencer's lock row, so nothing is numbered meanwhile.
     */
    void rebuild() {
        long start = System.currentTimeMillis();
        FacetRows.forget();
        String values = "SELECT DISTINCT e.REALM_ID, %s, e.CATEGORY, e.ACTION, e.RESOURCE_TYPE, e.SOURCE, e.OUTCOME"
                + " FROM AUDIT_ENTRY e %s WHERE e.ACTION <> '" + SEALED + "'";
        // Origins in a read of their own: with the columns above they would multiply the rows by countries × devices.
        String origins = "SELECT DISTINCT e.REALM_ID, %s, e.COUNTRY, e.DEVICE FROM AUDIT_ENTRY e %s"
                + " WHERE (e.COUNTRY IS NOT NULL OR e.DEVICE IS NOT NULL) AND e.ACTION <> '" + SEALED + "'";
        String actors = "SELECT DISTINCT e.REALM_ID, %s, e.ACTOR_TYPE, e.ACTOR_ID, e.ACTOR_USERNAME, e.ACTOR_EMAIL"
                + " FROM AUDIT_ENTRY e %s WHERE e.ACTOR_USERNAME IS NOT NULL AND e.ACTION <> '" + SEALED + "'";
        String realm = "'" + REALM + "'";
        String orgs = "JOIN AUDIT_ENTRY_ORG o ON o.ENTRY_ID = e.ID";
        for (String[] scope : new String[][] {{realm, ""}, {"o.ORG_ID", orgs}}) {
            Set<FacetRows.Value> found = new LinkedHashSet<>();
            for (Object[] r : select(String.format(values, scope[0], scope[1]))) {
                String realmId = (String) r[0];
                String s = (String) r[1];
                addFacets(found, realmId, s, (String) r[2], (String) r[3], (String) r[4], (String) r[5], (String) r[6],
                        null, null);
            }
            for (Object[] r : select(String.format(origins, scope[0], scope[1]))) {
                add(found, (String) r[0], (String) r[1], Facet.COUNTRY, (String) r[2]);
                add(found, (String) r[0], (String) r[1], Facet.DEVICE, (String) r[3]);
            }
            Set<FacetRows.ActorRow> people = new LinkedHashSet<>();
            for (Object[] r : select(String.format(actors, scope[0], scope[1]))) {
                people.add(new FacetRows.ActorRow((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                        (String) r[4], (String) r[5]));
            }
            writer.write(found, people);
        }
        em.createNativeQuery("UPDATE AUDIT_LOCK SET LAST_VALUE = 1, UPDATED_TIME = ? WHERE NAME = 'facets'")
                .setParameter(1, System.currentTimeMillis()).executeUpdate();
        LOG.infof("Rebuilt the audit log's facet index from the entries in %d ms", System.currentTimeMillis() - start);
    }

    /** The values of a facet recorded in any of the scopes. */
    Set<String> values(String realmId, Collection<String> scopes, Facet facet) {
        if (scopes.isEmpty()) {
            return Set.of();
        }
        return new LinkedHashSet<>(em.createNativeQuery("SELECT DISTINCT VAL FROM AUDIT_FACET WHERE REALM_ID = :realm"
                        + " AND FACET = :facet AND SCOPE_ID IN (:scopes) ORDER BY VAL", String.class)
                .setParameter("realm", realmId).setParameter("facet", facet.name().toLowerCase(Locale.ROOT))
                .setParameter("scopes", List.copyOf(scopes)).getResultList());
    }

    /** Actors recorded in any of the scopes whose username or e-mail starts with the prefix, by username. */
    List<Actor> actors(String realmId, Collection<String> scopes, String prefix, int max) {
        if (scopes.isEmpty()) {
            return List.of();
        }
        String match = "";
        if (prefix != null && !prefix.isEmpty()) {
            match = " AND (" + EntryHql.like("ACTOR_USERNAME", ":prefix") + " OR " + EntryHql.like("ACTOR_EMAIL", ":prefix") + ")";
        }
        var q = em.createNativeQuery("SELECT DISTINCT ACTOR_USERNAME, ACTOR_ID, ACTOR_TYPE, ACTOR_EMAIL"
                        + " FROM AUDIT_FACET_ACTOR WHERE REALM_ID = :realm AND SCOPE_ID IN (:scopes)" + match
                        + " ORDER BY ACTOR_USERNAME, ACTOR_ID, ACTOR_EMAIL", Object[].class)
                .setParameter("realm", realmId).setParameter("scopes", List.copyOf(scopes));
        if (!match.isEmpty()) {
            q.setParameter("prefix", EntryHql.escape(prefix.toLowerCase(Locale.ROOT)) + "%");
        }
        return ((List<?>) q.setMaxResults(max).getResultList()).stream().map(o -> (Object[]) o)
                .map(r -> new Actor((String) r[1], Actor.Type.byId((String) r[2]), (String) r[0], (String) r[3], null))
                .toList();
    }

    /** A realm's rows go with the realm. */
    void deleteRealm(String realmId) {
        em.createNativeQuery("DELETE FROM AUDIT_FACET WHERE REALM_ID = ?").setParameter(1, realmId).executeUpdate();
        em.createNativeQuery("DELETE FROM AUDIT_FACET_ACTOR WHERE REALM_ID = ?").setParameter(1, realmId)
                .executeUpdate();
        FacetRows.forget();
    }

    /** One entry's values, in the order of {@link Facet}. */
    private static void addFacets(Set<FacetRows.Value> values, String realmId, String scope, String... columns) {
        for (Facet facet : Facet.values()) {
            add(values, realmId, scope, facet, columns[facet.ordinal()]);
        }
    }

    private static void add(Set<FacetRows.Value> values, String realmId, String scope, Facet facet, String value) {
        if (value != null) {
            values.add(new FacetRows.Value(realmId, scope, facet.name().toLowerCase(Locale.ROOT), value));
        }
    }

    private List<Object[]> select(String sql) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            List<Object[]> out = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(sql); ResultSet rs = select.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Object[] row = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        row[i] = rs.getString(i + 1);
                    }
                    out.add(row);
                }
            }
            return out;
        });
    }
}
