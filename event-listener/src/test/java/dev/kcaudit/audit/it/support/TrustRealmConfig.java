package dev.kcaudit.audit.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.keycloak.representations.idm.RealmRepresentation;
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

    @Override
    public RealmBuilder configure(RealmBuilder ignored) {
        try (InputStream in = TrustRealmConfig.class.getResourceAsStream("/realms/trust-realm.json")) {
            return RealmBuilder.update(JsonSerialization.readValue(in, RealmRepresentation.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String token(String username) {
        return Tokens.password(REALM, CLIENT, username, PASSWORD).accessToken();
    }
}
