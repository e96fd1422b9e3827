package dev.kcaudit.audit.store.spi;

import dev.kcaudit.audit.store.SealStore;
import org.keycloak.provider.ProviderFactory;

public interface SealStoreProviderFactory extends ProviderFactory<SealStore> {
}
