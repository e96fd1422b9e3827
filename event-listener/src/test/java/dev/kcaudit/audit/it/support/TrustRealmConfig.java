package dev.kcaudit.audit.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import jakarta.ws.rs.NotFoundException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.admin.client.resource.RolesResource;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.util.JsonSerialization;

/**
 * A realm for the attacks on who may read: admins holding one admin role each (manage-users, manage-clients,
 * manage-organizations), an organization whose {@code audit-admins} group exists both at the top and nested, and the
 * {@code audit-log/auditor} client role earlier versions honoured. Every password is {@value #PASSWORD}.
 */
public class TrustRealmConfig implements RealmConfig {

    public static final String REALM = "trust";
    public static final String PASSWORD = "trust";
    public static final String CLIENT = "trust-app";

    /**
     * Neither 26.4 nor 26.5 has a {@code manage-organizations} role in {@code realm-management} until a realm import
     * creates it for the users that hold it; 26.5's import then fails (409, a duplicate role) when two users hold it.
     * There the users get it right after the import instead; 26.4 and 26.6+ import it as it is.
     */
    private static final String DEFERRED_ROLE = "manage-organizations";
    private static final Set<String> DEFERRED = ConcurrentHashMap.newKeySet();

    @Override
    public RealmBuilder configure(RealmBuilder ignored) {
        try (InputStream in = TrustRealmConfig.class.getResourceAsStream("/realms/trust-realm.json")) {
            RealmRepresentation realm = KeycloakVersion.adapt(
                    JsonSerialization.readValue(in, RealmRepresentation.class));
            if (KeycloakVersion.minor().equals("26.5")) {
                for (UserRepresentation user : realm.getUsers()) {
                    List<String> roles = user.getClientRoles() == null ? null
                            : user.getClientRoles().get("realm-management");
                    if (roles != null && roles.contains(DEFERRED_ROLE)) {
                        user.getClientRoles().put("realm-management",
                                roles.stream().filter(r -> !r.equals(DEFERRED_ROLE)).toList());
                        DEFERRED.add(user.getUsername());
                    }
                }
            }
            return RealmBuilder.update(realm);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Grants what {@link #configure} held back from the import (only on 26.5); adding it twice is harmless. */
    public static void grantDeferredRoles(ManagedRealm trust) {
        if (DEFERRED.isEmpty()) {
            return;
        }
        String client = trust.admin().clients().findByClientId("realm-management").get(0).getId();
        RolesResource roles = trust.admin().clients().get(client).roles();
        RoleRepresentation role;
        try {
            role = roles.get(DEFERRED_ROLE).toRepresentation();
        } catch (NotFoundException absent) {
            // As the import makes it for the users that hold it (once; 26.5's import tries once per user).
            roles.create(new RoleRepresentation(DEFERRED_ROLE, null, false));
            role = roles.get(DEFERRED_ROLE).toRepresentation();
        }
        for (String username : DEFERRED) {
            String id = trust.admin().users().search(username, true).get(0).getId();
            trust.admin().users().get(id).roles().clientLevel(client).add(List.of(role));
        }
    }

    public static String token(String username) {
        return Tokens.password(REALM, CLIENT, username, PASSWORD).accessToken();
    }
}
