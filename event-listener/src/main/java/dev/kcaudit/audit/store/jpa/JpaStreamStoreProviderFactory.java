package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.store.spi.StreamStoreProviderFactory;
import dev.kcaudit.audit.stream.StreamStore;
import org.keycloak.models.KeycloakSession;

public class JpaStreamStoreProviderFactory extends JpaStoreFactory implements StreamStoreProviderFactory {

    @Override
    public StreamStore create(KeycloakSession session) {
        return new JpaStreamStore(em(session));
    }
}
