package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.store.ScrubStore;
import dev.kcaudit.audit.store.spi.ScrubStoreProviderFactory;
import org.keycloak.models.KeycloakSession;

public class JpaScrubStoreProviderFactory extends JpaStoreFactory implements ScrubStoreProviderFactory {

    @Override
    public ScrubStore create(KeycloakSession session) {
        return new JpaScrubStore(em(session));
    }
}
