package dev.kcaudit.audit.store.spi;

import dev.kcaudit.audit.store.AuditStore;
import org.keycloak.provider.ProviderFactory;

public interface AuditStoreProviderFactory extends ProviderFactory<AuditStore> {
}
