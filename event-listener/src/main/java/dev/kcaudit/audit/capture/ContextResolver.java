package dev.kcaudit.audit.capture;

import dev.kcaudit.audit.access.Teams;
import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.OrganizationRef;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

/** Resolves ids into the names an auditor reads, at the moment the entry is written. */
class ContextResolver {

    private final KeycloakSession session;

    ContextResolver(KeycloakSession session) {
        this.session = session;
    }

    RealmModel realm(String realmId) {
        return realmId == null ? null : session.realms().getRealm(realmId);
    }

    RealmModel realmByName(String name) {
        return name == null ? null : session.realms().getRealmByName(name);
    }

    UserModel user(RealmModel realm, String userId) {
        return realm == null || userId == null ? null : session.users().getUserById(realm, userId);
    }

    UserModel userByUsername(RealmModel realm, String username) {
        return realm == null || username == null ? null : session.users().getUserByUsername(realm, username);
    }

    /** The organization an identity provider is linked to, if any. */
    OrganizationRef organizationOfIdentityProvider(RealmModel realm, String alias) {
        if (realm == null || alias == null) {
            return null;
        }
        IdentityProviderModel idp = inRealm(realm, () -> session.identityProviders().getByAlias(alias));
        return idp == null || idp.getOrganizationId() == null ? null : organization(realm, idp.getOrganizationId());
    }

    /** The actor for a user id authenticated in {@code realm} through the client with internal id {@code clientUuid}. */
    Actor actor(RealmModel realm, String userId, String clientUuid, String clientIdFallback) {
        String clientId = clientIdFallback;
        if (clientUuid != null && realm != null) {
            ClientModel client = realm.getClientById(clientUuid);
            clientId = client != null ? client.getClientId() : clientUuid;
        }
        UserModel user = user(realm, userId);
        if (user == null) {
            return userId == null ? Actor.anonymous(clientId) : new Actor(userId, Actor.Type.USER, null, null, clientId);
        }
        if (user.getServiceAccountClientLink() != null) {
            ClientModel owner = realm.getClientById(user.getServiceAccountClientLink());
            return new Actor(user.getId(), Actor.Type.SERVICE_ACCOUNT, user.getUsername(), user.getEmail(),
                    owner != null ? owner.getClientId() : clientId);
        }
        return new Actor(user.getId(), Actor.Type.USER, user.getUsername(), user.getEmail(), clientId);
    }

    /** The organizations the user is a member of right now, each with the user's teams in it. */
    List<OrganizationRef> organizationsOf(RealmModel realm, UserModel user) {
        if (user == null) {
            return List.of();
        }
        List<OrganizationRef> found = withOrganizations(realm, orgs -> orgs.getByMember(user)
                .map(org -> new OrganizationRef(org.getId(), org.getName(), Teams.of(orgs, org, user))).toList());
        return found == null ? List.of() : found;
    }

    /**
     * The organization, with the team the group belongs to when the group still exists ({@code groupId} may be the
     * team itself, one of its subgroups, or the organization's {@code audit-admins}, which is no team).
     */
    OrganizationRef organizationWithTeamOf(RealmModel realm, String orgId, String groupId) {
        if (orgId == null) {
            return null;
        }
        return withOrganizations(realm, orgs -> {
            OrganizationModel org = orgs.getById(orgId);
            if (org == null) {
                return null;
            }
            GroupModel group = groupId == null ? null : session.groups().getGroupById(realm, groupId);
            GroupModel team = Teams.teamOf(orgs, org, group);
            return new OrganizationRef(org.getId(), org.getName(), team == null ? List.of() : List.of(Teams.ref(team)));
        });
    }

    boolean groupExists(RealmModel realm, String groupId) {
        return session.groups().getGroupById(realm, groupId) != null;
    }

    OrganizationRef organization(RealmModel realm, String orgId) {
        if (orgId == null) {
            return null;
        }
        return withOrganizations(realm, orgs -> {
            OrganizationModel org = orgs.getById(orgId);
            return org == null ? null : ref(org);
        });
    }

    /**
     * A display name for a resource that still exists; null when it is gone or has no name. Users are not resolved
     * here: AdminEventEntries looks each user up once per event and reads the name from that model.
     */
    String name(RealmModel realm, String type, String id) {
        if (realm == null || id == null) {
            return null;
        }
        return switch (type) {
            case "client" -> {
                ClientModel c = realm.getClientById(id);
                yield c == null ? null : c.getClientId();
            }
            case "group" -> {
                GroupModel g = session.groups().getGroupById(realm, id);
                yield g == null ? null : g.getName();
            }
            case "role" -> {
                RoleModel r = session.roles().getRoleById(realm, id);
                yield r == null ? id : r.getName();
            }
            case "organization" -> {
                OrganizationRef o = organization(realm, id);
                yield o == null ? null : o.name();
            }
            case "identity-provider" -> id;
            default -> null;
        };
    }

    private <T> T withOrganizations(RealmModel realm, Function<OrganizationProvider, T> lookup) {
        if (realm == null || !realm.isOrganizationsEnabled()) {
            return null;
        }
        return inRealm(realm, () -> {
            OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
            return orgs == null ? null : lookup.apply(orgs);
        });
    }

    /**
     * Organization and identity-provider look-ups work on the context's realm, which is not always the realm the
     * event is about (background jobs, inner transactions): switch it for the look-up only, and put it back.
     */
    private <T> T inRealm(RealmModel realm, Supplier<T> lookup) {
        RealmModel previous = session.getContext().getRealm();
        if (previous != null && previous.getId().equals(realm.getId())) {
            return lookup.get();
        }
        try {
            session.getContext().setRealm(realm);
            return lookup.get();
        } finally {
            session.getContext().setRealm(previous);
        }
    }

    private static OrganizationRef ref(OrganizationModel org) {
        return new OrganizationRef(org.getId(), org.getName());
    }
}
