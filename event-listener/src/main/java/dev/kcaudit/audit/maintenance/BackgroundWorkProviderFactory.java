package dev.kcaudit.audit.maintenance;

import org.keycloak.provider.ProviderFactory;

public interface BackgroundWorkProviderFactory extends ProviderFactory<BackgroundWork> {
}
