package dev.kcaudit.audit.store.spi;

import dev.kcaudit.audit.store.SealStore;

/** Seals, chain rows and lock rows: {@code session.getProvider(SealStore.class)}. */
public class SealStoreSpi extends StoreSpi {

    public static final String NAME = "audit-seal-store";

    public SealStoreSpi() {
        super(NAME, SealStore.class, SealStoreProviderFactory.class);
    }
}
