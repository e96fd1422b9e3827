package dev.kcaudit.audit.delivery;

import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Whether the creator of an organization-scoped stream still administers every one of its organizations. */
@FunctionalInterface
public interface ScopeCheck {

    boolean stillAdministers(KeycloakSession session, RealmModel realm, String userId, Set<String> organizations);
}
