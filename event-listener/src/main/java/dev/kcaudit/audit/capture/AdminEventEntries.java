package dev.kcaudit.audit.capture;

import static dev.kcaudit.audit.capture.AdminEventFacts.derived;
import static dev.kcaudit.audit.capture.AdminEventFacts.details;
import static dev.kcaudit.audit.capture.AdminEventFacts.isWholeResource;
import static dev.kcaudit.audit.capture.AdminEventFacts.refine;
import static dev.kcaudit.audit.capture.AdminEventFacts.withRoleChanges;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.capture.AdminEventClassifier.Classification;
import dev.kcaudit.audit.config.AuditConfig;
import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Change;
import dev.kcaudit.audit.model.OrganizationRef;
import dev.kcaudit.audit.model.Outcome;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.Source;
import dev.kcaudit.audit.redaction.Redactor;
import dev.kcaudit.audit.redaction.SecretPlaces;
import dev.kcaudit.audit.store.AuditStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Admin events to entries. Keeps each resource's last redacted state so an update shows {@code old -> new}, and
 * derives the entries an auditor looks for that Keycloak folds into one event (a client created with a service
 * account, a domain added by an organization update, a user disabled by a user update).
 */
class AdminEventEntries {

    /** Resource types whose last state is kept, keyed by our resource type. */
    private static final Set<String> STATEFUL = Set.of("user", "group", "role", "client", "client-scope",
            "identity-provider", "organization", "realm", "component", "authentication-flow", "required-action");

    private final KeycloakSession session;
    private final ContextResolver resolver;
    private final AuditStore store;
    private final RemovedUsers removedUsers;
    private final GroupTeams groupTeams;
    /** The users this event names, looked up once: each look-up runs Keycloak's storage checks again. */
    private final Map<String, Optional<UserModel>> users = new HashMap<>();

    AdminEventEntries(KeycloakSession session, ContextResolver resolver, AuditStore store, RemovedUsers removedUsers) {
        this.session = session;
        this.resolver = resolver;
        this.store = store;
        this.removedUsers = removedUsers;
        this.groupTeams = new GroupTeams(resolver, store);
    }

    List<AuditEntry> entries(AdminEvent event) {
        RealmModel realm = resolver.realm(event.getRealmId());
        AuditConfig config = AuditConfig.of(realm);
        Redactor redactor = new Redactor(config.redactedAttributes());
        JsonNode rep = SecretPlaces.representation(event.getResourcePath(), Json.parse(event.getRepresentation()));
        if (rep != null) {
            redactor.redact(rep);
        }
        Classification c = AdminEventClassifier.classify(event, rep);
        if (c.action() == AuditAction.IMPERSONATION) {
            // Keycloak also sends an IMPERSONATE user event, which names both sides; one entry is enough.
            return List.of();
        }
        if (!config.captures(c.action().category())) {
            return List.of();
        }
        List<String> path = AdminEventClassifier.segments(event.getResourcePath());
        boolean scim = !path.isEmpty() && path.get(0).equals("scim");
        String resourceId = "realm".equals(c.resourceType()) ? realm.getId() : c.resourceId();

        // The previous state, and the new one, for updates of whole resources.
        String stateType = scim ? "scim-" + c.resourceType() : c.resourceType();
        boolean stateful = STATEFUL.contains(c.resourceType()) && resourceId != null && isWholeResource(path, scim);
        JsonNode previous = stateful
                ? store.resourceState(realm.getId(), stateType, resourceId).map(Json::parse).orElse(null) : null;
        if (previous == null && stateful && !scim && event.getOperationType() != OperationType.CREATE) {
            previous = CommittedState.load(session, realm.getId(), c.resourceType(), resourceId);
            if (previous != null) {
                redactor.redact(previous);
            }
        }
        List<Change> changes = List.of();
        if (stateful) {
            JsonNode now = "user".equals(c.resourceType()) && !scim ? storedUser(realm, resourceId, rep, redactor) : rep;
            switch (event.getOperationType()) {
                case CREATE -> store.saveResourceState(realm.getId(), stateType, resourceId, Json.write(now));
                case UPDATE -> {
                    changes = ChangeDiff.diff(previous, now);
                    store.saveResourceState(realm.getId(), stateType, resourceId,
                            Json.write(ChangeDiff.merge(previous, now)));
                }
                case DELETE -> store.saveResourceState(realm.getId(), stateType, resourceId, null);
                default -> { }
            }
        }

        AuditAction action = refine(c.action(), changes);
        Map<String, Object> details = details(event, rep, config, redactor);
        String memberId = c.resourceId();
        if (c.action() == AuditAction.MEMBER_ADDED && memberId == null && event.getDetails() != null) {
            UserModel member = resolver.userByUsername(realm, event.getDetails().get("username"));
            memberId = member == null ? null : member.getId();
            resourceId = memberId;
        }
        String name = resourceName(realm, c, resourceId, rep, previous, path);
        Resource resource = new Resource(c.resourceType(), resourceId, name);
        List<OrganizationRef> orgs = organizations(realm, path, c, resourceId, rep);
        if (orgs.isEmpty() && "organization".equals(c.resourceType()) && resourceId != null) {
            // A deleted organization still owns its deletion entry.
            orgs = List.of(new OrganizationRef(resourceId, name));
        }
        roleAndGroupDetails(realm, c, path, rep, details);
        if (!scim && isWholeResource(path, false)) {
            List<String> secrets = SecretChanges.of(session, realm, c.resourceType(), resourceId,
                    event.getOperationType());
            if (!secrets.isEmpty()) {
                details.put("sensitiveFieldsChanged", secrets); // names only, for the secret-changed signal
            }
        }

        List<AuditEntry> entries = new ArrayList<>();
        Entry base = new Entry(event, realm, config, resource, orgs, scim);
        entries.add(base.build(action, withRoleChanges(c, rep, changes), details));
        derived(event, c, rep, previous, changes).stream().filter(a -> config.captures(a.category()))
                .forEach(a -> entries.add(base.build(a, List.of(), details)));
        return entries;
    }

    /** The request's user representation as Keycloak stored it (see {@link StoredUser}); the request's if gone. */
    private JsonNode storedUser(RealmModel realm, String userId, JsonNode rep, Redactor redactor) {
        UserModel user = rep == null ? null : user(realm, userId);
        return user == null ? rep : redactor.redact(StoredUser.asStored(rep, StoredUser.of(user)));
    }

    private UserModel user(RealmModel realm, String userId) {
        return userId == null ? null
                : users.computeIfAbsent(userId, id -> Optional.ofNullable(resolver.user(realm, id))).orElse(null);
    }

    private void roleAndGroupDetails(RealmModel realm, Classification c, List<String> path, JsonNode rep,
                                     Map<String, Object> details) {
        if (rep != null && rep.isArray() && (c.action().category().id().equals("roles"))) {
            details.put("roles", Json.names(rep));
        }
        boolean granted = c.action() == AuditAction.COMPOSITE_GRANTED || c.action() == AuditAction.ROLE_ASSIGNED
                && ("user".equals(c.resourceType()) || "group".equals(c.resourceType()));
        List<String> privileged = granted ? PrivilegedRoles.among(realm, rep) : List.of();
        if (c.action() == AuditAction.GROUP_MEMBER_ADDED || c.action() == AuditAction.GROUP_MEMBER_REMOVED) {
            int i = path.indexOf("groups");
            String groupId = i >= 0 && i + 1 < path.size() ? path.get(i + 1) : null;
            details.put("groupId", groupId);
            String groupName = resolver.name(realm, "group", groupId);
            details.put("group", groupName != null ? groupName : rep == null ? null : Json.text(rep, "name"));
            if (c.action() == AuditAction.GROUP_MEMBER_ADDED) {
                privileged = PrivilegedRoles.ofGroup(realm, groupId);
            }
        }
        if (!privileged.isEmpty()) {
            details.put("privilegedRoles", privileged); // for the admin-role-granted signal (docs/signals.md)
        }
    }

    private String resourceName(RealmModel realm, Classification c, String resourceId, JsonNode rep,
                                JsonNode previous, List<String> path) {
        if ("realm".equals(c.resourceType())) {
            return realm.getName();
        }
        boolean isUser = "user".equals(c.resourceType());
        UserModel user = isUser ? user(realm, resourceId) : null;
        String name = isUser ? (user == null ? null : user.getUsername())
                : resolver.name(realm, c.resourceType(), resourceId);
        if (name == null && isUser) {
            name = removedUsers.username(resourceId);
        }
        if (name == null && previous != null && isWholeResource(path, false)) {
            name = Json.displayName(previous);
        }
        if (name == null && rep != null && !rep.isArray() && isWholeResource(path, path.contains("scim"))) {
            name = Json.displayName(rep);
        }
        return name;
    }

    /**
     * A change made inside an organization ({@code organizations/{id}/…}) belongs to that organization only, even when
     * the user it touches is also a member of others; inside one of its groups, also to the group's team. Elsewhere, a
     * change to a user belongs to the user's organizations and teams. (Keycloak 26.7 refuses changes to organization
     * groups through the realm's groups API: their role mappings too go through the organization's.)
     */
    private List<OrganizationRef> organizations(RealmModel realm, List<String> path, Classification c,
                                                String resourceId, JsonNode rep) {
        Set<OrganizationRef> orgs = new LinkedHashSet<>();
        if (path.size() >= 3 && path.get(0).equals("organizations") && path.get(2).equals("groups")) {
            Optional.ofNullable(groupTeams.organizationWithTeam(realm, path, c.resourceId())).ifPresent(orgs::add);
            return List.copyOf(orgs);
        }
        if (path.size() >= 2 && path.get(0).equals("organizations")) {
            Optional.ofNullable(resolver.organization(realm, path.get(1))).ifPresent(orgs::add);
            return List.copyOf(orgs);
        }

        if ("user".equals(c.resourceType()) && resourceId != null) {
            UserModel user = user(realm, resourceId);
            orgs.addAll(user != null ? resolver.organizationsOf(realm, user) : removedUsers.organizations(resourceId));
        }
        if ("identity-provider".equals(c.resourceType())) {
            Optional.ofNullable(resolver.organizationOfIdentityProvider(realm, resourceId)).ifPresent(orgs::add);
        }
        return List.copyOf(orgs);
    }

    /** What every entry of one admin event shares. */
    private final class Entry {
        private final AdminEvent event;
        private final RealmModel realm;
        private final AuditConfig config;
        private final Resource resource;
        private final List<OrganizationRef> orgs;
        private final boolean scim;
        private final Actor actor;

        Entry(AdminEvent event, RealmModel realm, AuditConfig config, Resource resource, List<OrganizationRef> orgs,
              boolean scim) {
            this.event = event;
            this.realm = realm;
            this.config = config;
            this.resource = resource;
            this.orgs = orgs;
            this.scim = scim;
            AuthDetails auth = event.getAuthDetails();
            this.actor = auth == null ? Actor.system()
                    : resolver.actor(resolver.realm(auth.getRealmId()), auth.getUserId(), auth.getClientId(), null);
        }

        AuditEntry build(AuditAction action, List<Change> changes, Map<String, Object> details) {
            AuthDetails auth = event.getAuthDetails();
            Outcome outcome = event.getError() == null ? Outcome.success() : Outcome.failure(event.getError());
            String ip = auth == null || !config.storeIpAddress() ? null : auth.getIpAddress();
            return new AuditEntry(UUID.randomUUID().toString(), event.getTime(), realm.getId(), orgs, action,
                    outcome, actor, resource, changes, ip, null, scim ? Source.SCIM : Source.ADMIN_API, details);
        }
    }
}
