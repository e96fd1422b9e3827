package dev.kcaudit.audit.store.jpa.entity;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

public class AuditJpaEntityProviderFactory implements JpaEntityProviderFactory {

    /** Keycloak tracks our changelog in its own table named after (a prefix of) this id. */
    public static final String PROVIDER_ID = "audit-log-entities";

    private static final JpaEntityProvider PROVIDER = new AuditJpaEntityProvider();

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return PROVIDER;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
