package dev.kcaudit.audit.capture;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.ModelToRepresentation;
import org.keycloak.models.utils.StripSecretsUtils;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.util.JsonSerialization;

/**
 * The state of a resource as last committed, read in a separate transaction while the admin change that is being
 * audited has not committed yet. Used when no state was kept for the resource (it existed before the realm turned
 * the listener on, or came in through an import), so its first update still shows {@code old -> new}.
 */
final class CommittedState {

    private static final Logger LOG = Logger.getLogger(CommittedState.class);

    private CommittedState() {
    }

    /** The committed representation, or null when it is unknown or the type is not supported. */
    static JsonNode load(KeycloakSession session, String realmId, String type, String id) {
        if (id == null) {
            return null;
        }
        return read(session, realmId, (s, realm) -> {
            Object rep = representation(s, realm, type, id);
            // The model's representation holds what admin events never show (a client's secret in clear):
            // masked the way Keycloak masks event representations, then redacted like them by the caller.
            return rep == null ? null : JsonSerialization.mapper.<JsonNode>valueToTree(StripSecretsUtils.stripSecrets(s, rep));
        }, type + " " + id);
    }

    /**
     * What {@code read} finds in the realm as last committed, in a transaction of its own; null when the realm is gone
     * or the read fails ({@code what} names it in the debug log).
     */
    static <T> T read(KeycloakSession session, String realmId, BiFunction<KeycloakSession, RealmModel, T> read,
                      String what) {
        try {
            return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), s -> {
                RealmModel realm = s.realms().getRealm(realmId);
                if (realm == null) {
                    return null;
                }
                s.getContext().setRealm(realm);
                return read.apply(s, realm);
            });
        } catch (RuntimeException e) {
            LOG.debugf(e, "Nothing committed read for %s", what);
            return null;
        }
    }

    /** Keycloak 26.4 has only {@code toRepresentation(realm, idp)}; later versions add the session. */
    private static Object identityProvider(KeycloakSession s, RealmModel realm, IdentityProviderModel idp) {
        try {
            return ModelToRepresentation.toRepresentation(s, realm, idp);
        } catch (NoSuchMethodError older) {
            try {
                return ModelToRepresentation.class.getMethod("toRepresentation", RealmModel.class,
                        IdentityProviderModel.class).invoke(null, realm, idp);
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }
    }

    private static Object representation(KeycloakSession s, RealmModel realm, String type, String id) {
        return switch (type) {
            case "user" -> {
                UserModel user = s.users().getUserById(realm, id);
                yield user == null ? null : ModelToRepresentation.toRepresentation(s, realm, user);
            }
            case "client" -> {
                ClientModel client = realm.getClientById(id);
                yield client == null ? null : ModelToRepresentation.toRepresentation(client, s);
            }
            case "group" -> {
                GroupModel group = s.groups().getGroupById(realm, id);
                yield group == null ? null : ModelToRepresentation.toRepresentation(group, true);
            }
            case "role" -> {
                RoleModel role = s.roles().getRoleById(realm, id);
                if (role == null) {
                    role = realm.getRole(id);
                }
                yield role == null ? null : ModelToRepresentation.toRepresentation(role);
            }
            case "client-scope" -> {
                ClientScopeModel scope = s.clientScopes().getClientScopeById(realm, id);
                yield scope == null ? null : ModelToRepresentation.toRepresentation(scope);
            }
            case "identity-provider" -> {
                IdentityProviderModel idp = s.identityProviders().getByAlias(id);
                yield idp == null ? null : identityProvider(s, realm, idp);
            }
            case "component" -> {
                ComponentModel component = realm.getComponent(id);
                yield component == null ? null : ModelToRepresentation.toRepresentation(s, component, false);
            }
            case "organization" -> {
                OrganizationProvider orgs = s.getProvider(OrganizationProvider.class);
                OrganizationModel org = orgs == null ? null : orgs.getById(id);
                yield org == null ? null : ModelToRepresentation.toRepresentation(org);
            }
            case "realm" -> ModelToRepresentation.toRepresentation(s, realm, false);
            default -> null;
        };
    }
}
