package dev.kcaudit.audit.store.jpa;

import jakarta.persistence.EntityManager;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * What our JPA store factories share: provider id {@value #PROVIDER_ID}, no settings of their own, and a store per
 * session on the session's entity manager (so it works in the session's transaction).
 */
abstract class JpaStoreFactory {

    static final String PROVIDER_ID = "jpa";

    static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    public void init(Config.Scope config) {
    }

    public void postInit(KeycloakSessionFactory factory) {
    }

    public void close() {
    }

    public String getId() {
        return PROVIDER_ID;
    }
}
