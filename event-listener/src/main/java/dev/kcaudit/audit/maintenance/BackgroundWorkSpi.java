package dev.kcaudit.audit.maintenance;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The audit log's background work on each node, with a lifecycle of its own (not the store's). */
public class BackgroundWorkSpi implements Spi {

    public static final String NAME = "audit-maintenance";

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
        return BackgroundWork.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return BackgroundWorkProviderFactory.class;
    }
}
