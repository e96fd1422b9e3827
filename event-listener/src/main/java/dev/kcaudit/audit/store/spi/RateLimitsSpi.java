package dev.kcaudit.audit.store.spi;

import dev.kcaudit.audit.store.RateLimits;

/** Read rate-limit counters: {@code session.getProvider(RateLimits.class)}. */
public class RateLimitsSpi extends StoreSpi {

    public static final String NAME = "audit-rate-limits";

    public RateLimitsSpi() {
        super(NAME, RateLimits.class, RateLimitsProviderFactory.class);
    }
}
