package dev.kcaudit.audit.store.spi;

import dev.kcaudit.audit.stream.StreamStore;

/** Stream destinations, positions, leases and attempts: {@code session.getProvider(StreamStore.class)}. */
public class StreamStoreSpi extends StoreSpi {

    public static final String NAME = "audit-stream-store";

    public StreamStoreSpi() {
        super(NAME, StreamStore.class, StreamStoreProviderFactory.class);
    }
}
