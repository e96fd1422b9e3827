package dev.kcaudit.audit.capture;

import dev.kcaudit.audit.config.AuditConfig;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.OrganizationRef;
import dev.kcaudit.audit.model.Outcome;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.Source;
import dev.kcaudit.audit.store.AuditStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;

/**
 * Changes Keycloak emits no admin event for, seen through its model events instead: linking and unlinking an
 * identity provider to an organization. Also remembers users about to be deleted (see {@link RemovedUsers}).
 */
final class ModelEventEntries {

    private static final Logger LOG = Logger.getLogger(ModelEventEntries.class);

    private ModelEventEntries() {
    }

    static void onEvent(ProviderEvent event, Origins origins) {
        if (event instanceof UserModel.UserPreRemovedEvent removed) {
            try {
                rememberRemovedUser(removed);
            } catch (RuntimeException e) {
                // Only a nicer name on the deletion's entry is lost; never block the deletion itself.
                LOG.warnf(e, "Could not note the organizations of user %s before its removal", removed.getUser().getId());
            }
        } else if (event instanceof RealmModel.IdentityProviderUpdatedEvent updated) {
            KeycloakSession session = updated.getKeycloakSession();
            organizationLinkEntry(updated).ifPresent(e ->
                    session.getProvider(AuditStore.class).save(origins.attach(e, session)));
        }
    }

    private static void rememberRemovedUser(UserModel.UserPreRemovedEvent event) {
        if (!AuditEventListenerProviderFactory.isEnabled(event.getRealm())) {
            return;
        }
        ContextResolver resolver = new ContextResolver(event.getKeycloakSession());
        UserModel user = event.getUser();
        List<OrganizationRef> orgs = resolver.organizationsOf(event.getRealm(), user);
        RemovedUsers.remember(event.getKeycloakSession(), user.getId(), user.getUsername(), orgs);
    }

    /** {@code POST|DELETE /admin/realms/{realm}/organizations/{org}/identity-providers[/{alias}]}. */
    private static Optional<AuditEntry> organizationLinkEntry(RealmModel.IdentityProviderUpdatedEvent event) {
        RealmModel realm = event.getRealm();
        KeycloakSession session = event.getKeycloakSession();
        KeycloakContext context = session.getContext();
        if (!AuditEventListenerProviderFactory.isEnabled(realm) || context.getUri() == null) {
            return Optional.empty();
        }
        List<String> path = AdminEventClassifier.segments(context.getUri().getPath());
        int orgs = path.indexOf("organizations");
        if (orgs < 0 || orgs + 2 >= path.size() || !path.get(orgs + 2).equals("identity-providers")) {
            return Optional.empty();
        }
        AuditConfig config = AuditConfig.of(realm);
        IdentityProviderModel idp = event.getUpdatedIdentityProvider();
        boolean linked = idp.getOrganizationId() != null;
        AuditAction action = linked ? AuditAction.ORG_IDP_LINKED : AuditAction.ORG_IDP_UNLINKED;
        if (!config.captures(action.category())) {
            return Optional.empty();
        }
        ContextResolver resolver = new ContextResolver(session);
        OrganizationRef org = resolver.organization(realm, path.get(orgs + 1));
        HttpRequest request = context.getHttpRequest();

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("identityProvider", idp.getAlias());
        details.put("organizationId", path.get(orgs + 1));
        details.put("operation", linked ? "LINK" : "UNLINK");
        String ip = request == null || !config.storeIpAddress() ? null : context.getConnection().getRemoteAddr();
        return Optional.of(new AuditEntry(UUID.randomUUID().toString(), System.currentTimeMillis(), realm.getId(),
                org == null ? List.of() : List.of(org), action, Outcome.success(), RequestActor.of(session),
                new Resource("identity-provider", idp.getAlias(),
                        idp.getDisplayName() != null ? idp.getDisplayName() : idp.getAlias()),
                List.of(), ip, null, Source.ADMIN_API, details));
    }
}
