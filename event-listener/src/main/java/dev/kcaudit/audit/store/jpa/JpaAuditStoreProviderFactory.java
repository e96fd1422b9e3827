package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.maintenance.Maintenance;
import dev.kcaudit.audit.maintenance.RealmRemoval;
import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.store.spi.AuditStoreProviderFactory;
import jakarta.persistence.EntityManager;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.PostMigrationEvent;

public class JpaAuditStoreProviderFactory implements AuditStoreProviderFactory {

    public static final String PROVIDER_ID = "jpa";

    private Maintenance.Settings settings;
    private Maintenance maintenance;

    /** Whether Keycloak's database is PostgreSQL: read once from Hibernate's dialect, no connection needed. */
    private volatile Boolean postgres;

    @Override
    public AuditStore create(KeycloakSession session) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        if (postgres == null) {
            postgres = em.getEntityManagerFactory().unwrap(SessionFactoryImplementor.class).getJdbcServices()
                    .getDialect() instanceof PostgreSQLDialect;
        }
        return new JpaAuditStore(em, postgres);
    }

    @Override
    public void init(Config.Scope config) {
        settings = new Maintenance.Settings(
                config.getLong("maintenance-interval-ms", 60_000L),
                config.getLong("sequence-interval-ms", 1_000L),
                config.getLong("export-stale-after-ms", 300_000L),
                config.getInt("export-threads", 1));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        maintenance = new Maintenance(factory, settings);
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                maintenance.start(factory);
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                RealmRemoval.onRemoved(removed);
            }
        });
    }

    /** This node's background work (export jobs, timers). */
    public Maintenance maintenance() {
        return maintenance;
    }

    @Override
    public void close() {
        if (maintenance != null) {
            maintenance.stop();
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
