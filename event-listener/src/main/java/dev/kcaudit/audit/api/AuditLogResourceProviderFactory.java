package dev.kcaudit.audit.api;

import dev.kcaudit.audit.feed.RateLimiter;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;

/** Serves the API at {@code /admin/realms/{realm}/}{@value #PROVIDER_ID}. */
public class AuditLogResourceProviderFactory implements AdminRealmResourceProviderFactory {

    public static final String PROVIDER_ID = "audit-log";
    private AuditLogResourceProvider provider;

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return provider;
    }

    @Override
    public void init(Config.Scope config) {
        // SIEM pollers: requests per minute per client and user, on each node (--spi-admin-realm-restapi-extension--audit-log--feed-requests-per-minute).
        provider = new AuditLogResourceProvider(new RateLimiter(config.getInt("feed-requests-per-minute", 600)));
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
