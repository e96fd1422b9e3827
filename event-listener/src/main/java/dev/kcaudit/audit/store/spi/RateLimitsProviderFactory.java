package dev.kcaudit.audit.store.spi;

import dev.kcaudit.audit.store.RateLimits;
import org.keycloak.provider.ProviderFactory;

public interface RateLimitsProviderFactory extends ProviderFactory<RateLimits> {
}
