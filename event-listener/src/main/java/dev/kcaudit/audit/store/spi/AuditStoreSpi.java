package dev.kcaudit.audit.store.spi;

import dev.kcaudit.audit.store.AuditStore;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Our own SPI, so the store is obtained with {@code session.getProvider(AuditStore.class)}. */
public class AuditStoreSpi implements Spi {

    public static final String NAME = "audit-store";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return AuditStore.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return AuditStoreProviderFactory.class;
    }
}
