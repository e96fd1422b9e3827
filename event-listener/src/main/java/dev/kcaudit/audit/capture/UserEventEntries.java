package dev.kcaudit.audit.capture;

import dev.kcaudit.audit.config.AuditConfig;
import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Outcome;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.Source;
import dev.kcaudit.audit.redaction.Redactor;
import dev.kcaudit.audit.model.Text;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** User (login-flow, account, token endpoint) events to entries. */
class UserEventEntries {

    private static final Set<String> ACCOUNT_CLIENTS = Set.of("account", "account-console");

    private final ContextResolver resolver;

    UserEventEntries(ContextResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * The entry for a user event that could not be turned into one in full: Keycloak's type, id, user, client,
     * session and error, read from the event alone (no lookups, no classifier); no IP address and no details, as a
     * realm's settings could not be read to allow them. docs/compatibility.md.
     */
    static AuditEntry generic(Event event) {
        String type = event.getType() == null ? "UNKNOWN" : event.getType().name();
        boolean failed = type.endsWith("_ERROR") || event.getError() != null;
        String userId = event.getUserId();
        Actor actor = new Actor(userId, userId == null ? Actor.Type.ANONYMOUS : Actor.Type.USER, null, null,
                event.getClientId());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("keycloakEventType", type);
        details.put("keycloakEventId", event.getId());
        return new AuditEntry(UUID.randomUUID().toString(), event.getTime(), event.getRealmId(), List.of(),
                failed ? AuditAction.AUTH_OTHER_FAILED : AuditAction.AUTH_OTHER,
                failed ? Outcome.failure(event.getError()) : Outcome.success(), actor,
                userId == null ? null : new Resource("user", userId, null), List.of(), null, event.getSessionId(),
                Source.LOGIN, details);
    }

    /** The entry for a user event, or empty when the realm's settings leave it out. */
    Optional<AuditEntry> entry(Event event) {
        RealmModel realm = resolver.realm(event.getRealmId());
        AuditConfig config = AuditConfig.of(realm);
        if (!config.highVolumeEvents() && UserEventClassifier.isHighVolume(event)) {
            return Optional.empty();
        }
        AuditAction action = UserEventClassifier.classify(event);
        if (!config.captures(action.category())) {
            return Optional.empty();
        }
        Map<String, String> eventDetails = new Redactor(config.redactedAttributes()).redact(event.getDetails());
        // Details carry what the request sent (a typed user name, a redirect URI): shown, never acted on.
        eventDetails.replaceAll((k, v) -> Text.neutralize(v));
        UserModel user = resolver.user(realm, event.getUserId());
        String attempted = eventDetails.get(Details.USERNAME);

        Actor actor = resolver.actor(realm, event.getUserId(), null, event.getClientId());
        if (eventDetails.containsKey(Details.IMPERSONATOR)) {
            // The impersonated user is the resource; the admin who impersonated is the actor.
            RealmModel adminRealm = resolver.realmByName(eventDetails.get(Details.IMPERSONATOR_REALM));
            UserModel admin = resolver.userByUsername(adminRealm, eventDetails.get(Details.IMPERSONATOR));
            actor = resolver.actor(adminRealm, admin == null ? null : admin.getId(), null, event.getClientId());
        } else if (actor.type() == Actor.Type.ANONYMOUS && attempted != null) {
            // An unknown user name: keep what was typed, so "all activity of alice" finds the attempts too.
            actor = new Actor(null, Actor.Type.ANONYMOUS, attempted, null, event.getClientId());
        }
        Resource resource = event.getUserId() == null ? null
                : new Resource("user", event.getUserId(), user != null ? user.getUsername() : attempted);

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("keycloakEventType", event.getType().name());
        details.put("keycloakEventId", event.getId());
        if (config.includeDetails()) {
            details.putAll(eventDetails);
        } else if (attempted != null) {
            details.put(Details.USERNAME, attempted);
        }
        Outcome outcome = UserEventClassifier.isFailure(event) ? Outcome.failure(event.getError()) : Outcome.success();
        Source source = event.getClientId() != null && ACCOUNT_CLIENTS.contains(event.getClientId())
                ? Source.ACCOUNT : Source.LOGIN;
        return Optional.of(new AuditEntry(UUID.randomUUID().toString(), event.getTime(), event.getRealmId(),
                resolver.organizationsOf(realm, user), action, outcome, actor, resource, List.of(),
                config.storeIpAddress() ? event.getIpAddress() : null, event.getSessionId(), source, details));
    }
}
