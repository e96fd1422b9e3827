package dev.kcaudit.audit.store.spi;

import dev.kcaudit.audit.store.ScrubStore;

/** The rows the scrub re-reads: {@code session.getProvider(ScrubStore.class)}. */
public class ScrubStoreSpi extends StoreSpi {

    public static final String NAME = "audit-scrub-store";

    public ScrubStoreSpi() {
        super(NAME, ScrubStore.class, ScrubStoreProviderFactory.class);
    }
}
