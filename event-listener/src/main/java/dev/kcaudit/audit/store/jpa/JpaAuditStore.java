package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.config.SignalSettings;
import dev.kcaudit.audit.config.StoreOption;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hibernate.Session;

/** The store on Keycloak's own database, inside Keycloak's own transaction. */
public class JpaAuditStore implements AuditStore {

    /** Counts up to this many matches by reading their ids and stopping; larger limits count in the database. */
    static final long COUNT_IDS_UP_TO = 100_000;

    private final EntityManager em;
    private final FacetIndex facets;
    private final FacetReads facetReads;
    private final Sequencer sequencer;
    private final HistogramIndex histograms;
    /** Free text's walk before the day-keyed index takes over, in entries ({@link TextByDay}). */
    private final int textWalk;

    /**
     * {@code afterCommit}: runs a task once the session's transaction has committed; {@code signalSettings}: a realm's
     * signal settings by realm id (null for a realm that is gone); {@code textWalk}: {@link StoreOption#TEXT_WALK_ENTRIES}.
     */
    public JpaAuditStore(EntityManager em, Consumer<Runnable> afterCommit,
                         Function<String, SignalSettings> signalSettings, int textWalk) {
        this.em = em;
        this.textWalk = textWalk;
        this.facets = new FacetIndex(em, afterCommit);
        this.facetReads = new FacetReads(em, facets, this::planForValues);
        this.histograms = new HistogramIndex(em);
        this.sequencer = new Sequencer(em, facets, histograms, signalSettings, this::save);
    }

    /** PostgreSQL plans a filtered read for the values it carries ({@link PlanCache}). */
    private void planForValues() {
        planCacheMode(PlanCache.FOR_VALUES);
    }

    private void planCacheMode(String mode) {
        em.unwrap(Session.class).doWork(connection -> PlanCache.set(connection, mode));
    }

    @Override
    public void save(AuditEntry entry) {
        // Whatever built the entry, no secret the vocabulary knows is stored (capture already redacted it).
        em.persist(EntityConverter.toEntity(EntryRedaction.entry(entry, Redactor.standard())));
        em.persist(new AuditEntryChainEntity(entry.id(), entry.realmId()));
        for (String tag : entry.scopeTags()) {
            em.persist(new AuditEntryOrgEntity(entry.id(), tag, entry.realmId(), entry.time()));
        }
    }

    @Override
    public List<AuditEntry> find(AuditFilter filter, PageRequest page) {
        long now = System.currentTimeMillis();
        boolean byShape = EntryPage.planFixedByShape(filter, page,
                category -> CategoryShares.common(em, filter.realmId(), category, now));
        planCacheMode(byShape ? PlanCache.BY_SHAPE : PlanCache.FOR_VALUES);
        return new EntryPage(em, textWalk).read(filter, page).stream()
                .map(e -> EntityConverter.toEntry(e).seenBy(filter.scopeOrganizations())).toList();
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

    /**
     * Whole hours of a view the rollup can answer (one scope, filtered at most by category and outcome, bars of whole
     * hours) come from the rollup; the parts of hours at either end are grouped from the entries, or read as the
     * hour's rollup rows minus the entries outside the range when that part is much shorter ({@link HistogramSpan}).
     * Every other view groups the entries.
     */
    @Override
    public List<TimeSlice> histogram(AuditFilter filter, long bucketMs) {
        String scope = bucketMs % HistogramIndex.HOUR == 0 ? HistogramScope.of(filter) : null;
        if (scope == null || filter.from() == Long.MIN_VALUE || filter.to() == Long.MAX_VALUE) {
            return grouped(filter, bucketMs);
        }
        HistogramSpan span = HistogramSpan.of(filter.from(), filter.to(), System.currentTimeMillis());
        if (span == null || !histograms.ready()) {
            return grouped(filter, bucketMs);
        }
        List<TimeSlice> slices = new ArrayList<>(histograms.slices(filter.realmId(), scope, span, filter.from(),
                filter.to(), bucketMs, filter.categories(), filter.outcomes()));
        if (filter.from() < span.rollFrom()) {
            slices.addAll(grouped(filter.withTimeRange(filter.from(), span.rollFrom() - 1), bucketMs));
        }
        if (filter.to() >= span.rollTo()) {
            slices.addAll(grouped(filter.withTimeRange(span.rollTo(), filter.to()), bucketMs));
        }
        Map<List<Object>, Long> merged = new LinkedHashMap<>();
        slices.forEach(t -> merged.merge(List.of(t.start(), t.outcome()), t.count(), Long::sum));
        // A bar whose hour's entries all lie outside the range nets to zero: grouping would not have drawn it.
        return merged.entrySet().stream().filter(m -> m.getValue() != 0)
                .map(m -> new TimeSlice((Long) m.getKey().get(0), (String) m.getKey().get(1), m.getValue()))
                .sorted(java.util.Comparator.comparingLong(TimeSlice::start)).toList();
    }

    private List<TimeSlice> grouped(AuditFilter filter, long bucketMs) {
        planForValues();
        EntryHql q = EntryHql.matching(filter, true);
        // The slice length is a literal, not a parameter: PostgreSQL matches a grouped expression to the selected one
        // by its text, and a parameter would appear twice as two. Lengths come from a short fixed list (the caller's
        // intervals), so Hibernate still caches a handful of texts.
        String slice = q.time() + " - mod(" + q.time() + ", " + Math.max(1, bucketMs) + ")";
        return q.groupBy(slice + ", e.outcome")
                .select(em, slice + ", e.outcome, count(e.id)", Object[].class).getResultList().stream()
                .map(row -> new TimeSlice(((Number) row[0]).longValue(), (String) row[1], ((Number) row[2]).longValue()))
                .toList();
    }

    @Override
    public Set<String> valuesPresent(AuditFilter scope, Facet facet) {
        return facetReads.valuesPresent(scope, facet);
    }

    @Override
    public List<Actor> actors(AuditFilter scope, String prefix, int max) {
        return facetReads.actors(scope, prefix, max);
    }

    @Override
    public boolean rebuildFacetsIfDue() {
        return sequencer.rebuildFacetsIfDue();
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
        return new PageRequest.Position(EntryColumns.sortValue(entry, sort), entry.time(),
                entry.id());
    }

    @Override
    public Optional<AuditEntry> get(AuditFilter scope, String id) {
        // The same scoped query as lists: organization tags decide, as everywhere else.
        EntryHql q = EntryHql.withSealRecords(scope, false)
                .join("left join AuditEntryChainEntity c on c.entryId = e.id");
        q.and("e.id = " + q.param(id));
        return q.select(em, EntryRow.JOINED, Object[].class).getResultStream().findFirst()
                .map(EntryRow::entity).map(e -> EntityConverter.toEntry(e).seenBy(scope.scopeOrganizations()));
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
        return sequencer.sequence(max);
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
        EntryHql q = EntryHql.withSealRecords(filter, false)
                .join("join AuditEntryChainEntity c on c.entryId = e.id");
        q.and("c.realmId = " + q.param(filter.realmId())).and("c.seq > " + q.param(after))
                .and("c.seq <= " + q.param(upTo));
        return q.orderBy("c.seq asc").select(em, EntryRow.JOINED, Object[].class)
                .setMaxResults(max).getResultStream().map(EntryRow::entity)
                .map(x -> new Sequenced(x.getSeq(), EntityConverter.toEntry(x).seenBy(filter.scopeOrganizations())))
                .toList();
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
        facets.deleteRealm(realmId);
        histograms.deleteRealm(realmId);
    }

    @Override
    public void close() {
    }
}
