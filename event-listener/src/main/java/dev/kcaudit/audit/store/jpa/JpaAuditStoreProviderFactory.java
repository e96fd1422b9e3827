package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.config.StoreOption;
import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.store.spi.AuditStoreProviderFactory;
import dev.kcaudit.audit.config.AuditConfig;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.connections.jpa.JpaConnectionProviderFactory;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;

public class JpaAuditStoreProviderFactory implements AuditStoreProviderFactory {

    public static final String PROVIDER_ID = "jpa";

    private int textWalk = Integer.parseInt(StoreOption.TEXT_WALK_ENTRIES.defaultValue());
    private long maintenanceIntervalMs;
    private DayIndexBuild dayIndex;

    @Override
    public AuditStore create(KeycloakSession session) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        return new JpaAuditStore(em, task -> session.getTransactionManager().enlistAfterCompletion(
                new AbstractKeycloakTransaction() {
                    @Override
                    protected void commitImpl() {
                        task.run();
                    }

                    @Override
                    protected void rollbackImpl() {
                    }
                }), realmId -> {
                    RealmModel realm = session.realms().getRealm(realmId);
                    return realm == null ? null : AuditConfig.of(realm).signals();
                }, textWalk);
    }

    /** Most options are read by the background work ({@code maintenance}), which starts after this factory. */
    @Override
    public void init(Config.Scope config) {
        textWalk = StoreOption.TEXT_WALK_ENTRIES.getInt(config);
        maintenanceIntervalMs = StoreOption.MAINTENANCE_INTERVAL_MS.getLong(config);
        if (textWalk < 0) {
            throw new IllegalArgumentException("--spi-audit-store--jpa--" + StoreOption.TEXT_WALK_ENTRIES.key()
                    + " must be 0 or more, not " + textWalk);
        }
    }

    /**
     * Every option, for Keycloak's configuration listing (declared once, in {@link StoreOption}): they keep the store's
     * names ({@code --spi-audit-store--jpa--…}) though the background work reads most of them.
     */
    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return StoreOption.metadata();
    }

    /** Once the database is migrated, free text's day-keyed index is built if the changeset left it to the server. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent && dayIndex == null) {
                dayIndex = new DayIndexBuild((JpaConnectionProviderFactory) factory
                        .getProviderFactory(JpaConnectionProvider.class));
                dayIndex.start(maintenanceIntervalMs);
            }
        });
    }

    @Override
    public void close() {
        if (dayIndex != null) {
            dayIndex.stop();
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
