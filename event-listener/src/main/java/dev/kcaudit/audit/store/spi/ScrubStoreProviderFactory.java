package dev.kcaudit.audit.store.spi;

import dev.kcaudit.audit.store.ScrubStore;
import org.keycloak.provider.ProviderFactory;

public interface ScrubStoreProviderFactory extends ProviderFactory<ScrubStore> {
}
