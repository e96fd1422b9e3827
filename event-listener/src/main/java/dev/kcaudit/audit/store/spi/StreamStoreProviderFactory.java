package dev.kcaudit.audit.store.spi;

import dev.kcaudit.audit.stream.StreamStore;
import org.keycloak.provider.ProviderFactory;

public interface StreamStoreProviderFactory extends ProviderFactory<StreamStore> {
}
