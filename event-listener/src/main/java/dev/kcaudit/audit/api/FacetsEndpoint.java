package dev.kcaudit.audit.api;

import dev.kcaudit.audit.access.Teams;
import dev.kcaudit.audit.api.representation.FacetsRepresentation.ActionOption;
import dev.kcaudit.audit.api.representation.FacetsRepresentation.Option;
import dev.kcaudit.audit.api.representation.FacetsRepresentation.TeamOption;
import dev.kcaudit.audit.api.representation.FacetsRepresentation;
import dev.kcaudit.audit.i18n.AuditMessages;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.Category;
import dev.kcaudit.audit.model.OrganizationRef;
import dev.kcaudit.audit.model.Origin;
import dev.kcaudit.audit.model.Source;
import dev.kcaudit.audit.model.TeamRef;
import dev.kcaudit.audit.store.AuditFilter;
import dev.kcaudit.audit.store.AuditStore.Facet;
import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.view.EntryRepresentation.ActorRep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * Filter choices: the values of each facet recorded in the caller's scope, ever (not just in a date range), read from
 * the store's facet index (one indexed query per facet); actors are searched by prefix.
 */
final class FacetsEndpoint {

    static final int MAX_ACTORS = 50;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AuditStore store;

    FacetsEndpoint(KeycloakSession session, RealmModel realm, AuditStore store) {
        this.session = session;
        this.realm = realm;
        this.store = store;
    }

    FacetsRepresentation facets(CallerScope scope, String actorPrefix, AuditMessages messages) {
        AuditFilter all = AuditFilter.scopeOnly(realm.getId(), scope.organizations());
        Set<String> categories = store.valuesPresent(all, Facet.CATEGORY);
        Set<String> actions = store.valuesPresent(all, Facet.ACTION);
        return new FacetsRepresentation(
                Arrays.stream(Category.values()).filter(c -> categories.contains(c.id()))
                        .map(c -> new Option(c.id(), c.label(messages))).toList(),
                Arrays.stream(AuditAction.values()).filter(a -> actions.contains(a.id()))
                        .map(a -> new ActionOption(a.id(), a.label(messages), a.category().id())).toList(),
                List.copyOf(store.valuesPresent(all, Facet.RESOURCE_TYPE)),
                Arrays.stream(Source.values()).map(Source::id).filter(store.valuesPresent(all, Facet.SOURCE)::contains)
                        .toList(),
                Stream.of("success", "failure").filter(store.valuesPresent(all, Facet.OUTCOME)::contains).toList(),
                List.copyOf(store.valuesPresent(all, Facet.COUNTRY)),
                Origin.DEVICES.stream().filter(store.valuesPresent(all, Facet.DEVICE)::contains).toList(),
                organizations(scope),
                teams(scope),
                store.actors(all, actorPrefix, MAX_ACTORS).stream()
                        .map(a -> new ActorRep(a.id(), a.type().id(), a.username(), a.email(), null)).toList());
    }

    /** The teams with entries, in the caller's organizations or among the caller's teams. */
    private List<TeamOption> teams(CallerScope scope) {
        if (!realm.isOrganizationsEnabled()) {
            return List.of();
        }
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        if (orgs == null) {
            return List.of(); // the organization feature is off on this server
        }
        List<TeamOption> teams = new ArrayList<>();
        if (scope.wholeRealm()) {
            orgs.getAllStream().forEach(o -> Teams.all(orgs, o)
                    .forEach(t -> teams.add(new TeamOption(t.id(), t.name(), o.getName()))));
        } else {
            // Only what the scope names: an organization's teams, or the caller's own teams.
            for (String tag : scope.organizations()) {
                OrganizationRef ref = Teams.refOf(session, realm, tag);
                OrganizationModel whole = ref == null || !ref.teams().isEmpty() ? null : orgs.getById(ref.id());
                (whole != null ? Teams.all(orgs, whole) : ref == null ? List.<TeamRef>of() : ref.teams())
                        .forEach(t -> teams.add(new TeamOption(t.id(), t.name(), ref.name())));
            }
        }
        Set<String> present = store.organizationsPresent(realm.getId(), teams.stream().map(TeamOption::id).toList());
        return teams.stream().filter(t -> present.contains(t.id()))
                .sorted(Comparator.comparing(TeamOption::organization).thenComparing(TeamOption::name)).toList();
    }

    /** The realm's organizations with entries, limited to the caller's. */
    private List<OrganizationRef> organizations(CallerScope scope) {
        if (!realm.isOrganizationsEnabled()) {
            return List.of();
        }
        Map<String, String> names = new LinkedHashMap<>();
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        if (orgs == null) {
            return List.of();
        }
        (scope.wholeRealm() ? orgs.getAllStream()
                : scope.organizations().stream().map(orgs::getById).filter(Objects::nonNull))
                .forEach((OrganizationModel o) -> names.put(o.getId(), o.getName()));
        Set<String> present = store.organizationsPresent(realm.getId(), names.keySet());
        return names.entrySet().stream().filter(e -> present.contains(e.getKey()))
                .map(e -> new OrganizationRef(e.getKey(), e.getValue())).toList();
    }
}
