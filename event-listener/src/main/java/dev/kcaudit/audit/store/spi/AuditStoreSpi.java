package dev.kcaudit.audit.store.spi;

import dev.kcaudit.audit.store.AuditStore;

/** Our own SPI, so the store is obtained with {@code session.getProvider(AuditStore.class)}. */
public class AuditStoreSpi extends StoreSpi {

    public static final String NAME = "audit-store";

    public AuditStoreSpi() {
        super(NAME, AuditStore.class, AuditStoreProviderFactory.class);
    }
}
