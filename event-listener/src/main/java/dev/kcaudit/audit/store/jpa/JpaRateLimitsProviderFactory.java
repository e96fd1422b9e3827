package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.store.RateLimits;
import dev.kcaudit.audit.store.spi.RateLimitsProviderFactory;
import org.keycloak.models.KeycloakSession;

public class JpaRateLimitsProviderFactory extends JpaStoreFactory implements RateLimitsProviderFactory {

    @Override
    public RateLimits create(KeycloakSession session) {
        return new JpaRateLimits(em(session));
    }
}
