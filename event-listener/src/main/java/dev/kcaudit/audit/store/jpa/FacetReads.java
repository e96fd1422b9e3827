package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.store.AuditFilter;
import dev.kcaudit.audit.store.AuditStore.Facet;
import jakarta.persistence.EntityManager;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The facets of a scope ({@code AuditStore#valuesPresent}, {@code #actors}): from the facet index plus the entries it
 * does not hold yet, or, until the index is rebuilt, from the entries themselves. One per store, so per session.
 */
final class FacetReads {

    /** Distinct rows of not yet numbered entries facets read; more waits a sequencer pass or two. */
    private static final int UNNUMBERED_MAX = 10_000;

    private final EntityManager em;
    private final FacetIndex facets;
    private final Runnable planForValues;
    private Boolean facetIndexReady;
    private List<Object[]> unnumbered;

    /** {@code planForValues}: readies the transaction for a filtered read of the entries (see JpaAuditStore). */
    FacetReads(EntityManager em, FacetIndex facets, Runnable planForValues) {
        this.em = em;
        this.facets = facets;
        this.planForValues = planForValues;
    }

    Set<String> valuesPresent(AuditFilter scope, Facet facet) {
        if (facetIndexReady()) {
            Set<String> values = new TreeSet<>(facets.values(scope.realmId(), scopes(scope), facet));
            int column = facet.ordinal();
            unnumbered(scope).stream().map(r -> (String) r[column]).filter(Objects::nonNull).forEach(values::add);
            return values;
        }
        // Until the index is rebuilt (an upgrade): read the values from the entries, slow on a large log.
        planForValues.run();
        return new LinkedHashSet<>(EntryHql.matching(scope, true).and(EntryColumns.column(facet) + " is not null")
                .orderBy(EntryColumns.column(facet)).select(em, "distinct " + EntryColumns.column(facet), String.class)
                .getResultList());
    }

    List<Actor> actors(AuditFilter scope, String prefix, int max) {
        if (facetIndexReady()) {
            String p = prefix == null ? "" : prefix.toLowerCase(Locale.ROOT);
            Map<List<String>, Actor> actors = new TreeMap<>(ACTOR_ORDER);
            for (Actor a : facets.actors(scope.realmId(), scopes(scope), prefix, max)) {
                actors.put(actorKey(a), a);
            }
            for (Object[] r : unnumbered(scope)) {
                Actor a = new Actor((String) r[7], Actor.Type.byId((String) r[8]), (String) r[9], (String) r[10], null);
                if (a.username() != null && (a.username().startsWith(p) || a.email() != null && a.email().startsWith(p))) {
                    actors.put(actorKey(a), a);
                }
            }
            return actors.values().stream().limit(max).toList();
        }
        planForValues.run();
        EntryHql q = EntryHql.matching(scope, true).and("e.actorUsername is not null");
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

    /** Username first, as the index orders them; then the rest, so distinct actors stay distinct. */
    private static final Comparator<List<String>> ACTOR_ORDER = (x, y) -> {
        for (int i = 0; i < x.size(); i++) {
            int c = Comparator.nullsFirst(Comparator.<String>naturalOrder()).compare(x.get(i), y.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    private static List<String> actorKey(Actor a) {
        return Arrays.asList(a.username(), a.id(), a.email(), a.type().id());
    }

    /**
     * The facet columns (in {@link Facet} order) and actors of the scope's entries the sequencer has not numbered
     * yet, which the index does not hold: usually none or a handful, read through the index on the unnumbered rows.
     * Numbering and indexing commit together, so between the two reads no entry is missed.
     */
    private List<Object[]> unnumbered(AuditFilter scope) {
        if (unnumbered == null) {
            unnumbered = EntryHql.matching(scope, false)
                    .and("e.id in (select c.entryId from AuditEntryChainEntity c where c.seq is null)")
                    .select(em, "distinct e.category, e.action, e.resourceType, e.source, e.outcome, e.country,"
                            + " e.device, e.actorId, e.actorType, e.actorUsername, e.actorEmail", Object[].class)
                    .setMaxResults(UNNUMBERED_MAX).getResultList();
        }
        return unnumbered;
    }

    private boolean facetIndexReady() {
        if (facetIndexReady == null) {
            facetIndexReady = facets.ready();
        }
        return facetIndexReady;
    }

    /** The facet index's scopes of a caller: the realm's, or their organizations'. */
    private static Set<String> scopes(AuditFilter scope) {
        return scope.scopeOrganizations() == null ? Set.of(FacetIndex.REALM) : scope.scopeOrganizations();
    }
}
