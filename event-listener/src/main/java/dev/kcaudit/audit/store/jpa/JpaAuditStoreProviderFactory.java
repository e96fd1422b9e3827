package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.store.spi.AuditStoreProviderFactory;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

public class JpaAuditStoreProviderFactory implements AuditStoreProviderFactory {

    public static final String PROVIDER_ID = "jpa";

    @Override
    public AuditStore create(KeycloakSession session) {
        return new JpaAuditStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // A removed realm takes its audit entries with it.
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                removed.getKeycloakSession().getProvider(AuditStore.class).deleteRealm(removed.getRealm().getId());
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
