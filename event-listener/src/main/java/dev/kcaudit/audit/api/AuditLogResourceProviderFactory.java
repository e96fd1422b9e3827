package dev.kcaudit.audit.api;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;

/** Serves the API at {@code /admin/realms/{realm}/}{@value #PROVIDER_ID}. */
public class AuditLogResourceProviderFactory implements AdminRealmResourceProviderFactory {

    public static final String PROVIDER_ID = "audit-log";
    private static final AuditLogResourceProvider PROVIDER = new AuditLogResourceProvider();

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return PROVIDER;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
