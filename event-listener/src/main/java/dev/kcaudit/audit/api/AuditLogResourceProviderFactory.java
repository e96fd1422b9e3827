package dev.kcaudit.audit.api;

import dev.kcaudit.audit.feed.RateLimiter;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;

/** Serves the API at {@code /admin/realms/{realm}/}{@value #PROVIDER_ID}. */
public class AuditLogResourceProviderFactory implements AdminRealmResourceProviderFactory {

    public static final String PROVIDER_ID = "audit-log";
    static final String FEED_REQUESTS_PER_MINUTE = "feed-requests-per-minute";
    static final String READ_REQUESTS_PER_MINUTE = "read-requests-per-minute";
    private AuditLogResourceProvider provider;

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return provider;
    }

    @Override
    public void init(Config.Scope config) {
        provider = new AuditLogResourceProvider(new RateLimiter(config.getInt(FEED_REQUESTS_PER_MINUTE, 600)),
                new ReadLimiter(config.getInt(READ_REQUESTS_PER_MINUTE, 120)));
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(FEED_REQUESTS_PER_MINUTE).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(600)
                .helpText("SIEM feed requests per minute per client and user, on each node").add()
                .property().name(READ_REQUESTS_PER_MINUTE).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(120)
                .helpText("Direct exports, counts and facets per minute per user across all nodes, unless the realm's"
                        + " readRequestsPerMinute setting says otherwise").add()
                .build();
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
