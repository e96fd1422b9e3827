package dev.kcaudit.audit.export;

import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.store.AuditFilter;
import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.store.PageRequest;
import java.io.IOException;
import java.util.List;
import java.util.function.LongConsumer;

/** Streams every entry of a query into a writer in keyset batches: memory holds one batch, whatever the total. */
public final class EntryExport {

    public static final int BATCH = 500;

    private EntryExport() {
    }

    /**
     * @param first    the query's sort and direction (its paging fields are ignored)
     * @param progress told the number of rows written after each batch
     * @return the number of rows written
     */
    public static long write(AuditStore store, AuditFilter filter, PageRequest first, EntryWriter writer,
                             LongConsumer progress) throws IOException {
        PageRequest.Position at = null;
        long written = 0;
        while (true) {
            PageRequest page = new PageRequest(first.sort(), first.ascending(), BATCH, 0, at, false);
            List<AuditEntry> rows = store.find(filter, page);
            for (AuditEntry entry : rows.subList(0, Math.min(rows.size(), BATCH))) {
                writer.write(entry);
            }
            written += Math.min(rows.size(), BATCH);
            progress.accept(written);
            if (rows.size() <= BATCH) {
                return written;
            }
            at = store.position(rows.get(BATCH - 1), first.sort());
        }
    }
}
