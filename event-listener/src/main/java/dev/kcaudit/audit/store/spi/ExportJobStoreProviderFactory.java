package dev.kcaudit.audit.store.spi;

import dev.kcaudit.audit.store.ExportJobStore;
import org.keycloak.provider.ProviderFactory;

public interface ExportJobStoreProviderFactory extends ProviderFactory<ExportJobStore> {
}
