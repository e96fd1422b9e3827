package dev.kcaudit.audit.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.util.JsonSerialization;

/**
 * A realm of its own for the secret census: the audit-log listener, the native SCIM API with a provisioning client,
 * and one user who logs in. Its log holds only what the census plants, so every sink can be read completely.
 */
public class CensusRealmConfig implements RealmConfig {

    public static final String REALM = "census";
    public static final String SCIM_CLIENT = "census-scim";
    public static final String SCIM_SECRET = "census-scim-secret";
    public static final String USER = "cecil";
    public static final String PASSWORD = "cecil-pw";

    @Override
    public RealmBuilder configure(RealmBuilder ignored) {
        String json = """
                {"realm": "%1$s", "enabled": true, "scimApiEnabled": true, "eventsListeners": ["audit-log"],
                 "clients": [
                   {"clientId": "census-app", "publicClient": true, "directAccessGrantsEnabled": true},
                   {"clientId": "%2$s", "publicClient": false, "secret": "%3$s", "serviceAccountsEnabled": true,
                    "standardFlowEnabled": false, "protocolMappers": [{"name": "scim-audience",
                      "protocol": "openid-connect", "protocolMapper": "oidc-audience-mapper",
                      "config": {"included.custom.audience": "http://localhost:8080/realms/%1$s/scim/v2",
                                 "access.token.claim": "true"}}]}],
                 "users": [
                   {"username": "%4$s", "enabled": true, "email": "cecil@census.test", "firstName": "Cecil",
                    "lastName": "Census", "emailVerified": true,
                    "credentials": [{"type": "password", "value": "%5$s", "temporary": false}]},
                   {"username": "service-account-%2$s", "enabled": true, "serviceAccountClientId": "%2$s",
                    "clientRoles": {"realm-management": ["manage-users", "view-users"]}}]}
                """.formatted(REALM, SCIM_CLIENT, SCIM_SECRET, USER, PASSWORD);
        try {
            RealmRepresentation realm = JsonSerialization.readValue(json, RealmRepresentation.class);
            return RealmBuilder.update(KeycloakVersion.adapt(realm));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
