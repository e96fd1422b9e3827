package dev.kcaudit.audit.capture;

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
import java.util.LinkedHashMap;
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
    /** The users this event names, looked up once: each look-up runs Keycloak's storage checks again. */
    private final Map<String, Optional<UserModel>> users = new HashMap<>();

    AdminEventEntries(KeycloakSession session, ContextResolver resolver, AuditStore store, RemovedUsers removedUsers) {
        this.session = session;
        this.resolver = resolver;
        this.store = store;
        this.removedUsers = removedUsers;
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
        List<OrganizationRef> orgs = organizations(realm, path, c, resourceId);
        if (orgs.isEmpty() && "organization".equals(c.resourceType()) && resourceId != null) {
            // A deleted organization still owns its deletion entry.
            orgs = List.of(new OrganizationRef(resourceId, name));
        }
        roleAndGroupDetails(realm, c, path, rep, details);

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

    /** A user update that only flips {@code enabled} or sets required actions is that, more precisely. */
    private static AuditAction refine(AuditAction action, List<Change> changes) {
        if (action != AuditAction.USER_UPDATED) {
            return action;
        }
        for (Change ch : changes) {
            if (ch.field().equals("enabled")) {
                return "true".equals(ch.newValue()) ? AuditAction.USER_ENABLED : AuditAction.USER_DISABLED;
            }
        }
        boolean requiredActionsOnly = !changes.isEmpty()
                && changes.stream().allMatch(ch -> ch.field().equals("requiredActions"));
        return requiredActionsOnly ? AuditAction.REQUIRED_ACTION_SET : action;
    }

    /** The extra entries one admin event stands for. */
    private static List<AuditAction> derived(AdminEvent event, Classification c, JsonNode rep, JsonNode previous,
                                             List<Change> changes) {
        List<AuditAction> extra = new ArrayList<>();
        if (c.action() == AuditAction.CLIENT_CREATED && rep != null && rep.path("serviceAccountsEnabled").asBoolean()) {
            extra.add(AuditAction.SERVICE_ACCOUNT_CREATED);
        }
        if (c.action() == AuditAction.CLIENT_DELETED && previous != null
                && previous.path("serviceAccountsEnabled").asBoolean()) {
            extra.add(AuditAction.SERVICE_ACCOUNT_DELETED);
        }
        for (Change ch : changes) {
            if (c.action() == AuditAction.CLIENT_UPDATED && ch.field().equals("serviceAccountsEnabled")) {
                extra.add("true".equals(ch.newValue())
                        ? AuditAction.SERVICE_ACCOUNT_CREATED : AuditAction.SERVICE_ACCOUNT_DELETED);
            }
            if (c.action() == AuditAction.ORG_UPDATED && ch.field().equals("domains")) {
                Set<String> before = Json.domainNames(ch.oldValue());
                Set<String> after = Json.domainNames(ch.newValue());
                if (!before.containsAll(after)) {
                    extra.add(AuditAction.ORG_DOMAIN_ADDED);
                }
                if (!after.containsAll(before)) {
                    extra.add(AuditAction.ORG_DOMAIN_REMOVED);
                }
            }
        }
        return extra;
    }

    /** Role (un)assignments and composites name their roles in {@code changes}, so every view shows them. */
    private static List<Change> withRoleChanges(Classification c, JsonNode rep, List<Change> changes) {
        boolean granting = c.action() == AuditAction.ROLE_ASSIGNED || c.action() == AuditAction.COMPOSITE_GRANTED;
        boolean revoking = c.action() == AuditAction.ROLE_UNASSIGNED || c.action() == AuditAction.COMPOSITE_REVOKED;
        if ((!granting && !revoking) || rep == null || !rep.isArray()) {
            return changes;
        }
        String roles = String.join(", ", Json.names(rep));
        return List.of(new Change("roles", revoking ? roles : null, granting ? roles : null));
    }

    private void roleAndGroupDetails(RealmModel realm, Classification c, List<String> path, JsonNode rep,
                                     Map<String, Object> details) {
        if (rep != null && rep.isArray() && (c.action().category().id().equals("roles"))) {
            details.put("roles", Json.names(rep));
        }
        if (c.action() == AuditAction.GROUP_MEMBER_ADDED || c.action() == AuditAction.GROUP_MEMBER_REMOVED) {
            int i = path.indexOf("groups");
            String groupId = i >= 0 && i + 1 < path.size() ? path.get(i + 1) : null;
            details.put("groupId", groupId);
            String groupName = resolver.name(realm, "group", groupId);
            details.put("group", groupName != null ? groupName : rep == null ? null : Json.text(rep, "name"));
        }
    }

    private static Map<String, Object> details(AdminEvent event, JsonNode rep, AuditConfig config, Redactor redactor) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("operation", event.getOperationType().name());
        details.put("resourcePath", event.getResourcePath());
        details.put("keycloakResourceType", event.getResourceTypeAsString());
        details.put("keycloakEventId", event.getId());
        if (event.getDetails() != null) {
            details.putAll(redactor.redact(event.getDetails()));
        }
        if (config.includeDetails() && rep != null) {
            details.put("representation", rep);
        }
        return details;
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
     * the user it touches is also a member of others. Elsewhere, a change to a user belongs to the user's organizations.
     */
    private List<OrganizationRef> organizations(RealmModel realm, List<String> path, Classification c,
                                                String resourceId) {
        Set<OrganizationRef> orgs = new LinkedHashSet<>();
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

    /** {@code users/{id}}, {@code clients/{id}}, the realm itself: not a sub-resource such as a role mapping. */
    private static boolean isWholeResource(List<String> path, boolean scim) {
        if (scim) {
            return path.size() == 4;
        }
        if (path.size() >= 3 && path.get(0).equals("identity-provider")) {
            return path.size() == 3;
        }
        if (path.size() >= 2 && path.get(0).equals("authentication")) {
            return true;
        }
        return path.size() <= 2;
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
