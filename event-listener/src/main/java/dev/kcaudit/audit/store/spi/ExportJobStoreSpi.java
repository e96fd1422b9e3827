package dev.kcaudit.audit.store.spi;

import dev.kcaudit.audit.store.ExportJobStore;

/** Export jobs and their files: {@code session.getProvider(ExportJobStore.class)}. */
public class ExportJobStoreSpi extends StoreSpi {

    public static final String NAME = "audit-export-job-store";

    public ExportJobStoreSpi() {
        super(NAME, ExportJobStore.class, ExportJobStoreProviderFactory.class);
    }
}
