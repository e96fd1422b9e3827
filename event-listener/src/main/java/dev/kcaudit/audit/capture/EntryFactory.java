package dev.kcaudit.audit.capture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.capture.AdminEventClassifier.Classification;
import dev.kcaudit.audit.config.AuditConfig;
import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.OrganizationRef;
import dev.kcaudit.audit.model.Outcome;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.Source;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.util.JsonSerialization;

/** Turns Keycloak events into audit entries: classify (pure), then resolve names and organizations. */
class EntryFactory {

    private static final Set<String> ACCOUNT_CLIENTS = Set.of("account", "account-console");

    private final ContextResolver resolver;

    EntryFactory(KeycloakSession session) {
        this.resolver = new ContextResolver(session);
    }

    /** The entry for a user event, or empty when the realm's settings leave it out. */
    Optional<AuditEntry> fromUserEvent(Event event) {
        RealmModel realm = resolver.realm(event.getRealmId());
        AuditConfig config = AuditConfig.of(realm);
        if (!config.highVolumeEvents() && UserEventClassifier.HIGH_VOLUME.contains(event.getType())) {
            return Optional.empty();
        }
        AuditAction action = UserEventClassifier.classify(event);
        if (!config.captures(action.category())) {
            return Optional.empty();
        }
        Redactor redactor = new Redactor(config.redactedAttributes());
        Map<String, String> eventDetails = redactor.redact(event.getDetails());
        UserModel user = resolver.user(realm, event.getUserId());

        Actor actor = resolver.actor(realm, event.getUserId(), null, event.getClientId());
        String attempted = eventDetails.get(Details.USERNAME);
        if (actor.type() == Actor.Type.ANONYMOUS && attempted != null) {
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

    /** The entry for an admin event, or empty when the realm's settings leave it out. */
    Optional<AuditEntry> fromAdminEvent(AdminEvent event) {
        RealmModel realm = resolver.realm(event.getRealmId());
        AuditConfig config = AuditConfig.of(realm);
        Redactor redactor = new Redactor(config.redactedAttributes());
        JsonNode representation = parse(event.getRepresentation());
        if (representation != null) {
            redactor.redact(representation);
        }
        Classification c = AdminEventClassifier.classify(event, representation);
        if (!config.captures(c.action().category())) {
            return Optional.empty();
        }
        AuthDetails auth = event.getAuthDetails();
        RealmModel authRealm = auth == null ? null : resolver.realm(auth.getRealmId());
        Actor actor = auth == null ? Actor.system()
                : resolver.actor(authRealm, auth.getUserId(), auth.getClientId(), null);

        String name = resolver.name(realm, c.resourceType(), c.resourceId());
        if (name == null && representation != null) {
            name = nameFrom(representation);
        }
        Resource resource = new Resource(c.resourceType(), c.resourceId(), name);

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("operation", event.getOperationType().name());
        details.put("resourcePath", event.getResourcePath());
        details.put("keycloakResourceType", event.getResourceTypeAsString());
        details.put("keycloakEventId", event.getId());
        if (config.includeDetails() && representation != null) {
            details.put("representation", representation);
        }
        if (event.getDetails() != null) {
            details.putAll(redactor.redact(event.getDetails()));
        }
        Outcome outcome = event.getError() == null ? Outcome.success() : Outcome.failure(event.getError());
        Source source = event.getResourcePath() != null && event.getResourcePath().startsWith("scim/")
                ? Source.SCIM : Source.ADMIN_API;
        String ip = auth == null || !config.storeIpAddress() ? null : auth.getIpAddress();
        return Optional.of(new AuditEntry(UUID.randomUUID().toString(), event.getTime(), event.getRealmId(),
                organizations(realm, event, c), c.action(), outcome, actor, resource, List.of(), ip, null, source,
                details));
    }

    /** The organization the change touches, plus the organizations of the user it changes. */
    private List<OrganizationRef> organizations(RealmModel realm, AdminEvent event, Classification c) {
        Set<OrganizationRef> orgs = new LinkedHashSet<>();
        List<String> path = AdminEventClassifier.segments(event.getResourcePath());
        if (path.size() >= 2 && path.get(0).equals("organizations")) {
            Optional.ofNullable(resolver.organization(realm, path.get(1))).ifPresent(orgs::add);
        }
        if ("user".equals(c.resourceType())) {
            orgs.addAll(resolver.organizationsOf(realm, resolver.user(realm, c.resourceId())));
        }
        return List.copyOf(orgs);
    }

    private static String nameFrom(JsonNode rep) {
        for (String field : List.of("username", "name", "clientId", "alias", "userName", "displayName")) {
            JsonNode v = rep.get(field);
            if (v != null && v.isTextual()) {
                return v.asText();
            }
        }
        return null;
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return JsonSerialization.mapper.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }
}
