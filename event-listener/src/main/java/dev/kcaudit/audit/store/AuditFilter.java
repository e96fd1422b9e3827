package dev.kcaudit.audit.store;

import dev.kcaudit.audit.model.IpKey;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one definition of every filter, shared by list, count, facets, export and feed. Empty sets mean "any";
 * values within a set are OR-ed, filters are AND-ed.
 *
 * @param scopeOrganizations null for the whole realm; otherwise only entries tagged with one of these
 *                           organizations or teams (an organization or team admin's scope; an empty set matches
 *                           nothing)
 * @param teams              team (organization group) ids: entries tagged with one of them
 * @param actors             matched against the actor's id, username or e-mail
 * @param countries          ISO 3166-1 alpha-2 codes, upper case (the origin's country)
 * @param devices            device types ({@link dev.kcaudit.audit.model.Origin#DEVICES})
 * @param terms              free-text terms (lower case), each must occur in the entry's search text
 * @param ids                entry ids (a signal's triggers)
 * @param actorIds           matched against the actor's id only, exactly (Keycloak's {@code user=}), so the read has
 *                           one index to walk where {@code actors} has three
 */
public record AuditFilter(
        String realmId,
        long from,
        long to,
        Set<String> categories,
        Set<String> actions,
        Set<String> resourceTypes,
        Set<String> actors,
        Set<String> resourceIds,
        List<IpKey.Range> ipRanges,
        Set<String> organizations,
        Set<String> teams,
        Set<String> outcomes,
        Set<String> sources,
        Set<String> countries,
        Set<String> devices,
        List<String> terms,
        Set<String> scopeOrganizations,
        Set<String> ids,
        Set<String> actorIds) {

    public AuditFilter {
        categories = Set.copyOf(categories);
        actions = Set.copyOf(actions);
        resourceTypes = Set.copyOf(resourceTypes);
        actors = Set.copyOf(actors);
        resourceIds = Set.copyOf(resourceIds);
        ipRanges = List.copyOf(ipRanges);
        organizations = Set.copyOf(organizations);
        teams = Set.copyOf(teams);
        outcomes = Set.copyOf(outcomes);
        sources = Set.copyOf(sources);
        countries = Set.copyOf(countries);
        devices = Set.copyOf(devices);
        terms = List.copyOf(terms);
        scopeOrganizations = scopeOrganizations == null ? null : Set.copyOf(scopeOrganizations);
        ids = ids == null ? Set.of() : Set.copyOf(ids);
        actorIds = actorIds == null ? Set.of() : Set.copyOf(actorIds);
    }

    /** Any entry id, any actor id. */
    public AuditFilter(String realmId, long from, long to, Set<String> categories, Set<String> actions,
                       Set<String> resourceTypes, Set<String> actors, Set<String> resourceIds,
                       List<IpKey.Range> ipRanges, Set<String> organizations, Set<String> teams, Set<String> outcomes,
                       Set<String> sources, Set<String> countries, Set<String> devices, List<String> terms,
                       Set<String> scopeOrganizations) {
        this(realmId, from, to, categories, actions, resourceTypes, actors, resourceIds, ipRanges, organizations, teams,
                outcomes, sources, countries, devices, terms, scopeOrganizations, Set.of(), Set.of());
    }

    /**
     * Whether no filter is in use but the named ones (the record's component names), beside realm, time and scope. The
     * one list of the filters, so that a rule about "no other filter" also sees a filter added later.
     */
    public boolean filtersOnly(Set<String> names) {
        Map<String, Collection<?>> filters = new LinkedHashMap<>();
        filters.put("categories", categories);
        filters.put("actions", actions);
        filters.put("resourceTypes", resourceTypes);
        filters.put("actors", actors);
        filters.put("resourceIds", resourceIds);
        filters.put("ipRanges", ipRanges);
        filters.put("organizations", organizations);
        filters.put("teams", teams);
        filters.put("outcomes", outcomes);
        filters.put("sources", sources);
        filters.put("countries", countries);
        filters.put("devices", devices);
        filters.put("terms", terms);
        filters.put("ids", ids);
        filters.put("actorIds", actorIds);
        if (!filters.keySet().containsAll(names)) {
            throw new IllegalArgumentException("Not a filter: " + names);
        }
        return filters.entrySet().stream().allMatch(f -> f.getValue().isEmpty() || names.contains(f.getKey()));
    }

    /** Everything in the realm within the caller's scope, at any time: what facets list. */
    public static AuditFilter scopeOnly(String realmId, Set<String> scopeOrganizations) {
        return new AuditFilter(realmId, Long.MIN_VALUE, Long.MAX_VALUE, Set.of(), Set.of(), Set.of(), Set.of(),
                Set.of(), List.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), List.of(),
                scopeOrganizations);
    }

    public AuditFilter withTimeRange(long newFrom, long newTo) {
        return new AuditFilter(realmId, newFrom, newTo, categories, actions, resourceTypes, actors, resourceIds,
                ipRanges, organizations, teams, outcomes, sources, countries, devices, terms, scopeOrganizations, ids,
                actorIds);
    }

    /** The same filter, narrowed to these entry ids. */
    public AuditFilter withIds(Set<String> newIds) {
        return new AuditFilter(realmId, from, to, categories, actions, resourceTypes, actors, resourceIds, ipRanges,
                organizations, teams, outcomes, sources, countries, devices, terms, scopeOrganizations, newIds,
                actorIds);
    }
}
