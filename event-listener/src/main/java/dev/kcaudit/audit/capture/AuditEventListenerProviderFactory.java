package dev.kcaudit.audit.capture;

import dev.kcaudit.audit.compat.StartupReport;
import dev.kcaudit.audit.config.StoreOption;
import dev.kcaudit.audit.redaction.ProviderSecrets;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.PostMigrationEvent;

/** The {@value #PROVIDER_ID} event listener; enabled per realm in Realm settings → Events → Event listeners. */
public class AuditEventListenerProviderFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "audit-log";

    private Origins origins;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new AuditEventListenerProvider(session, origins);
    }

    @Override
    public void init(Config.Scope config) {
        // The GeoIP files are a store option like every other of ours (--spi-audit-store--jpa--geoip-databases).
        origins = Origins.open(StoreOption.GEOIP_DATABASES.get(StoreOption.scope()));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Which Keycloak this is, what is degraded on it, and whether the server and theme are in the supported range.
        StartupReport.log();
        factory.register(event -> ModelEventEntries.onEvent(event, origins));
        // Every factory can describe its config once all are initialised: collect the secret names then (and now,
        // for whatever is audited before that).
        ProviderSecrets.collect(factory);
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                ProviderSecrets.collect(factory);
            }
        });
    }

    /** Whether the realm has turned this listener on (Realm settings → Events → Event listeners). */
    static boolean isEnabled(RealmModel realm) {
        return realm != null && realm.getEventsListenersStream().anyMatch(PROVIDER_ID::equals);
    }

    @Override
    public void close() {
        if (origins != null) {
            origins.close();
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
