package dev.kcaudit.audit.access;

import dev.kcaudit.audit.delivery.ScopeCheck;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * An organization or team admin's stream sends only while its creator still administers all of its organizations and
 * teams.
 */
public final class StreamScope implements ScopeCheck {

    @Override
    public boolean stillAdministers(KeycloakSession session, RealmModel realm, String userId, Set<String> organizations) {
        UserModel user = userId == null ? null : session.users().getUserById(realm, userId);
        return user != null && user.isEnabled() && Teams.covers(session, realm,
                OrganizationAdmins.scope(session.getProvider(OrganizationProvider.class), realm, user), organizations);
    }
}
