package dev.kcaudit.audit.maintenance;

import dev.kcaudit.audit.config.StoreOption;
import dev.kcaudit.audit.integrity.IntegrityConfig;
import dev.kcaudit.audit.stream.StreamSettings;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.PostMigrationEvent;

/**
 * Owns this node's background work: the {@link Maintenance} timers and export runner, started once the database is
 * migrated and stopped with the server, and the clean-up when a realm is removed. Its settings keep the names they
 * have always had, the store's ({@code --spi-audit-store--jpa--…}, declared by the store provider).
 */
public class DefaultBackgroundWorkProviderFactory implements BackgroundWorkProviderFactory {

    public static final String PROVIDER_ID = "default";

    private Maintenance.Settings settings;
    private Maintenance maintenance;

    @Override
    public BackgroundWork create(KeycloakSession session) {
        return new BackgroundWork() {
            @Override
            public void submitExport(String jobId) {
                maintenance.exports().submit(jobId);
            }

            @Override
            public boolean startFullCheck(KeycloakSession session, RealmModel realm) {
                return maintenance.startFullCheck(session, realm);
            }
        };
    }

    @Override
    public void init(Config.Scope ignored) {
        Config.Scope config = StoreOption.scope();
        settings = new Maintenance.Settings(
                StoreOption.MAINTENANCE_INTERVAL_MS.getLong(config),
                StoreOption.SEQUENCE_INTERVAL_MS.getLong(config),
                StoreOption.EXPORT_STALE_AFTER_MS.getLong(config),
                StoreOption.EXPORT_THREADS.getInt(config));
        IntegrityConfig.configure(config, settings.intervalMs());
        StreamSettings.set(new StreamSettings(
                StoreOption.STREAM_SECRET_KEY.get(config),
                StoreOption.STREAM_ALLOW_HTTP.getBoolean(config),
                StoreOption.STREAM_INTERVAL_MS.getLong(config),
                StoreOption.STREAM_LEASE_MS.getLong(config),
                StoreOption.STREAM_BACKOFF_BASE_MS.getLong(config),
                StoreOption.STREAM_BACKOFF_MAX_MS.getLong(config),
                StoreOption.STREAM_FAILING_AFTER_MS.getLong(config),
                StoreOption.STREAM_TIMEOUT_MS.getLong(config),
                StoreOption.STREAM_THREADS.getInt(config)));
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
