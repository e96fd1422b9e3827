package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.integrity.Chain;
import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.OrganizationRef;
import dev.kcaudit.audit.redaction.EntryRedaction;
import dev.kcaudit.audit.redaction.Redactor;
import dev.kcaudit.audit.store.AuditFilter;
import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.store.PageRequest;
import dev.kcaudit.audit.store.SortKey;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryChainEntity;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryOrgEntity;
import dev.kcaudit.audit.store.jpa.entity.AuditResourceStateEntity;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.Session;

/** The store on Keycloak's own database, inside Keycloak's own transaction. */
public class JpaAuditStore implements AuditStore {

    /** Counts up to this many matches by reading their ids and stopping; larger limits count in the database. */
    static final long COUNT_IDS_UP_TO = 100_000;

    private final EntityManager em;
    private final boolean postgres;

    /** {@code postgres}: the database is PostgreSQL, whose cached generic plans filtered reads must avoid. */
    public JpaAuditStore(EntityManager em, boolean postgres) {
        this.em = em;
        this.postgres = postgres;
    }

    /**
     * PostgreSQL plans a filtered read for the values it carries. pgjdbc prepares a statement on the server after five
     * executions, and PostgreSQL may then keep a generic plan that cannot see the values: for free text it intersects
     * the trigram index with the whole date range and sorts every match (130 ms at 1 M entries), where the plan for
     * the actual values walks the range newest first and stops at the page (4 ms). {@code SET LOCAL} lasts until the
     * transaction ends, so Keycloak's pooled connections are left as they were.
     */
    private void planForValues() {
        if (postgres) {
            em.unwrap(Session.class).doWork(connection -> {
                try (Statement set = connection.createStatement()) {
                    set.execute("SET LOCAL plan_cache_mode = force_custom_plan");
                }
            });
        }
    }

    @Override
    public void save(AuditEntry entry) {
        // Whatever built the entry, no secret the vocabulary knows is stored (capture already redacted it).
        em.persist(EntityConverter.toEntity(EntryRedaction.entry(entry, Redactor.standard())));
        em.persist(new AuditEntryChainEntity(entry.id(), entry.realmId()));
        for (OrganizationRef org : entry.organizations()) {
            em.persist(new AuditEntryOrgEntity(entry.id(), org.id(), entry.realmId(), entry.time()));
        }
    }

    @Override
    public List<AuditEntry> find(AuditFilter filter, PageRequest page) {
        planForValues();
        return new EntryPage(em).read(filter, page).stream()
                .map(e -> detached(e).seenBy(filter.scopeOrganizations())).toList();
    }

    /** Reads are converted and let go at once, so long exports do not fill the persistence context. */
    private AuditEntry detached(AuditEntryEntity entity) {
        AuditEntry entry = EntityConverter.toEntry(entity);
        em.detach(entity);
        if (entity.chain() != null) {
            em.detach(entity.chain());
        }
        return entry;
    }

    @Override
    public long count(AuditFilter filter, long limit) {
        planForValues();
        if (limit > COUNT_IDS_UP_TO) {
            // An exact total (an export job's progress): one number from the database, never the matching ids.
            return EntryHql.matching(filter, true).select(em, "count(e.id)", Long.class).getSingleResult();
        }
        // Counting the ids of at most `limit` rows keeps a count cheap however many rows match.
        return EntryHql.matching(filter, true).select(em, "e.id", String.class)
                .setMaxResults((int) limit).getResultList().size();
    }

    @Override
    public Set<String> valuesPresent(AuditFilter filter, Facet facet, Collection<String> candidates) {
        planForValues();
        Set<String> present = new LinkedHashSet<>();
        for (String candidate : candidates) {
            // One organization in force (an organization admin's facets): read only that organization's entries,
            // through its tags, rather than probe the realm's entries of each value for a tag.
            EntryHql q = EntryHql.matching(filter, true);
            q.and(EntryHql.column(facet) + " = " + q.param(candidate));
            if (!q.select(em, "e.id", String.class).setMaxResults(1).getResultList().isEmpty()) {
                present.add(candidate);
            }
        }
        return present;
    }

    @Override
    public List<Actor> actors(AuditFilter filter, String prefix, int max) {
        planForValues();
        EntryHql q = EntryHql.matching(filter, true).and("e.actorUsername is not null");
        if (prefix != null && !prefix.isEmpty()) {
            String like = q.param(EntryHql.escape(prefix.toLowerCase(Locale.ROOT)) + "%");
            q.and(EntryHql.like("e.actorUsername", like) + " or " + EntryHql.like("e.actorEmail", like));
        }
        return q.orderBy("e.actorUsername")
                .select(em, "distinct e.actorId, e.actorType, e.actorUsername, e.actorEmail", Object[].class)
                .setMaxResults(max).getResultStream()
                .map(r -> new Actor((String) r[0], Actor.Type.byId((String) r[1]), (String) r[2], (String) r[3], null))
                .toList();
    }

    @Override
    public Set<String> organizationsPresent(String realmId, Collection<String> organizationIds) {
        Set<String> present = new LinkedHashSet<>();
        for (String orgId : organizationIds) {
            boolean any = !em.createQuery("select o.entryId from AuditEntryOrgEntity o"
                            + " where o.realmId = :realm and o.orgId = :org", String.class)
                    .setParameter("realm", realmId).setParameter("org", orgId)
                    .setMaxResults(1).getResultList().isEmpty();
            if (any) {
                present.add(orgId);
            }
        }
        return present;
    }

    @Override
    public PageRequest.Position position(AuditEntry entry, SortKey sort) {
        return new PageRequest.Position(EntryHql.sortValue(entry, sort), entry.time(),
                entry.id());
    }

    @Override
    public Optional<AuditEntry> get(AuditFilter scope, String id) {
        // The same scoped query as lists: organization tags decide, as everywhere else.
        EntryHql q = EntryHql.matching(scope, false).join("left join AuditEntryChainEntity c on c.entryId = e.id");
        q.and("e.id = " + q.param(id));
        return q.select(em, "e, c", Object[].class).getResultStream().findFirst().map(AuditEntryEntity::joined)
                .map(e -> detached(e).seenBy(scope.scopeOrganizations()));
    }

    @Override
    public Optional<String> resourceState(String realmId, String resourceType, String resourceId) {
        AuditResourceStateEntity state = em.find(AuditResourceStateEntity.class,
                new AuditResourceStateEntity.Key(realmId, resourceType, resourceId));
        return state == null ? Optional.empty() : Optional.ofNullable(state.getStateJson());
    }

    @Override
    public void saveResourceState(String realmId, String resourceType, String resourceId, String json) {
        json = EntryRedaction.json(json, Redactor.standard());
        AuditResourceStateEntity.Key key = new AuditResourceStateEntity.Key(realmId, resourceType, resourceId);
        AuditResourceStateEntity state = em.find(AuditResourceStateEntity.class, key);
        if (json == null) {
            if (state != null) {
                em.remove(state);
            }
            return;
        }
        if (state == null) {
            state = new AuditResourceStateEntity(realmId, resourceType, resourceId);
            em.persist(state);
        }
        state.setStateJson(json);
        state.setUpdatedTime(System.currentTimeMillis());
    }

    @Override
    public int sequence(int max) {
        long last = ((Number) em.createNativeQuery("SELECT LAST_VALUE FROM AUDIT_LOCK WHERE NAME = 'sequence' FOR UPDATE")
                .getSingleResult()).longValue();
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

    @Override
    public long sequenced() {
        return ((Number) em.createNativeQuery("SELECT LAST_VALUE FROM AUDIT_LOCK WHERE NAME = 'sequence'")
                .getSingleResult()).longValue();
    }

    @Override
    public long seqBefore(String realmId, long since, long fallback) {
        Long lowest = em.createQuery("select min(c.seq) from AuditEntryEntity e, AuditEntryChainEntity c"
                        + " where c.entryId = e.id and c.realmId = :realm and e.time >= :since and c.seq is not null",
                        Long.class)
                .setParameter("realm", realmId).setParameter("since", since).getSingleResult();
        return lowest == null ? fallback : lowest - 1;
    }

    @Override
    public List<Sequenced> feed(AuditFilter filter, long after, long upTo, int max) {
        planForValues();
        EntryHql q = EntryHql.matching(filter, false).join("join AuditEntryChainEntity c on c.entryId = e.id");
        q.and("c.realmId = " + q.param(filter.realmId())).and("c.seq > " + q.param(after))
                .and("c.seq <= " + q.param(upTo));
        return q.orderBy("c.seq asc").select(em, "e, c", Object[].class).setMaxResults(max).getResultStream()
                .map(AuditEntryEntity::joined)
                .map(x -> new Sequenced(x.getSeq(), detached(x).seenBy(filter.scopeOrganizations()))).toList();
    }

    @Override
    public void deleteRealm(String realmId) {
        em.createQuery("delete from AuditResourceStateEntity s where s.realmId = :realm")
                .setParameter("realm", realmId).executeUpdate();
        em.createQuery("delete from AuditEntryOrgEntity o where o.realmId = :realm")
                .setParameter("realm", realmId).executeUpdate();
        em.createQuery("delete from AuditEntryChainEntity c where c.realmId = :realm")
                .setParameter("realm", realmId).executeUpdate();
        em.createQuery("delete from AuditEntryEntity e where e.realmId = :realm")
                .setParameter("realm", realmId).executeUpdate();
    }

    @Override
    public void close() {
    }
}
