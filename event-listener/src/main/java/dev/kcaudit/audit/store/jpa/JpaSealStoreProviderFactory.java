package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.store.SealStore;
import dev.kcaudit.audit.store.spi.SealStoreProviderFactory;
import org.keycloak.models.KeycloakSession;

public class JpaSealStoreProviderFactory extends JpaStoreFactory implements SealStoreProviderFactory {

    @Override
    public SealStore create(KeycloakSession session) {
        return new JpaSealStore(em(session));
    }
}
