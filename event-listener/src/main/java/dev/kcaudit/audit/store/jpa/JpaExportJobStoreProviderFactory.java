package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.store.ExportJobStore;
import dev.kcaudit.audit.store.spi.ExportJobStoreProviderFactory;
import org.keycloak.models.KeycloakSession;

public class JpaExportJobStoreProviderFactory extends JpaStoreFactory implements ExportJobStoreProviderFactory {

    @Override
    public ExportJobStore create(KeycloakSession session) {
        return new JpaExportJobStore(em(session));
    }
}
