package dev.kcaudit.audit.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kcaudit.audit.i18n.AuditMessages;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Change;
import dev.kcaudit.audit.model.Integrity;
import dev.kcaudit.audit.model.OrganizationRef;
import dev.kcaudit.audit.model.Origin;
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
        Origin origin,
        String sessionId,
        String source,
        Map<String, Object> details,
        IntegrityRep integrity) {

    /** The entry's place in the hash chain; {@code canonical} only in JSON exports, for offline verification. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IntegrityRep(long seq, long prevSeq, String chainHash, String canonical) {
    }

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

    /** With English labels (the SIEM feed: a machine contract). */
    public static EntryRepresentation of(AuditEntry e, String realmName) {
        return of(e, realmName, false, AuditMessages.english());
    }

    /** With labels in the caller's language (the console's list and details). */
    public static EntryRepresentation of(AuditEntry e, String realmName, AuditMessages messages) {
        return of(e, realmName, false, messages);
    }

    /** With {@code canonical}: what a JSON export carries so an auditor can check each line offline. */
    public static EntryRepresentation of(AuditEntry e, String realmName, boolean canonical, AuditMessages messages) {
        Integrity i = e.integrity();
        return new EntryRepresentation(e.id(), e.time(), realmName, e.organizations(), e.category().id(),
                e.category().label(messages), e.action().id(), e.action().label(messages),
                new OutcomeRep(e.outcome().result().name().toLowerCase(Locale.ROOT), e.outcome().reason()),
                new ActorRep(e.actor().id(), e.actor().type().id(), e.actor().username(), e.actor().email(),
                        e.actor().clientId()),
                e.resource() == null ? null
                        : new ResourceRep(e.resource().type(), e.resource().id(), e.resource().name()),
                e.changes().stream().map(ChangeRep::of).toList(),
                e.ipAddress(), e.origin(), e.sessionId(), e.source().id(), e.details(),
                i == null ? null : new IntegrityRep(i.seq(), i.prevSeq(), i.chainHash(), canonical ? i.canonical() : null));
    }
}
