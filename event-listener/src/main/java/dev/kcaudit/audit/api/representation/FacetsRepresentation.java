package dev.kcaudit.audit.api.representation;

import dev.kcaudit.audit.model.OrganizationRef;
import dev.kcaudit.audit.view.EntryRepresentation;
import java.util.List;

/** Every value recorded in the caller's scope, at any time, for filter drop-downs. */
public record FacetsRepresentation(
        List<Option> categories,
        List<ActionOption> actions,
        List<String> resourceTypes,
        List<String> sources,
        List<String> outcomes,
        List<String> countries,
        List<String> devices,
        List<OrganizationRef> organizations,
        List<TeamOption> teams,
        List<EntryRepresentation.ActorRep> actors) {

    /** A team with entries in the caller's scope, and the name of its organization. */
    public record TeamOption(String id, String name, String organization) {
    }

    public record Option(String id, String label) {
    }

    public record ActionOption(String id, String label, String category) {
    }
}
