package dev.kcaudit.audit.api.representation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Change;
import dev.kcaudit.audit.model.OrganizationRef;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The public JSON shape of an entry (field names are part of the contract, see docs/events.md). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EntryRepresentation(
        String id,
        long time,
        String realm,
        List<OrganizationRef> organizations,
        String category,
        String categoryLabel,
        String action,
        String actionLabel,
        OutcomeRep outcome,
        ActorRep actor,
        ResourceRep resource,
        List<ChangeRep> changes,
        String ipAddress,
        String sessionId,
        String source,
        Map<String, Object> details) {

    public record OutcomeRep(String result, String reason) {
    }

    public record ActorRep(String id, String type, String username, String email, String clientId) {
    }

    public record ResourceRep(String type, String id, String name) {
    }

    public record ChangeRep(String field, @JsonProperty("old") String oldValue, @JsonProperty("new") String newValue) {
        static ChangeRep of(Change c) {
            return new ChangeRep(c.field(), c.oldValue(), c.newValue());
        }
    }

    public static EntryRepresentation of(AuditEntry e, String realmName) {
        return new EntryRepresentation(e.id(), e.time(), realmName, e.organizations(), e.category().id(),
                e.category().label(), e.action().id(), e.action().label(),
                new OutcomeRep(e.outcome().result().name().toLowerCase(Locale.ROOT), e.outcome().reason()),
                new ActorRep(e.actor().id(), e.actor().type().id(), e.actor().username(), e.actor().email(),
                        e.actor().clientId()),
                e.resource() == null ? null
                        : new ResourceRep(e.resource().type(), e.resource().id(), e.resource().name()),
                e.changes().stream().map(ChangeRep::of).toList(),
                e.ipAddress(), e.sessionId(), e.source().id(), e.details());
    }
}
