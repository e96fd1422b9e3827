package dev.kcaudit.audit.export.job;

import dev.kcaudit.audit.store.ExportJobStore;
import java.util.List;

/**
 * The realm's cap on the bytes its finished export files hold together ({@code exportStorageMaxBytes}): a file that
 * alone would outgrow it fails while it is written; a completed one makes room by expiring the oldest files first.
 */
final class StorageCap {

    /** A file larger than its realm's whole cap. */
    static final class TooLarge extends RuntimeException {
        TooLarge(long cap) {
            super("The file outgrew the realm's export storage (exportStorageMaxBytes = " + cap
                    + "); narrow the export or raise the setting", null, false, false);
        }
    }

    private StorageCap() {
    }

    static void check(long written, long cap) {
        if (written > cap) {
            throw new TooLarge(cap);
        }
    }

    /** Deletes the realm's oldest completed files until the rest fit under the cap. */
    static void makeRoom(ExportJobStore jobs, String realmId, long cap) {
        List<ExportJobStore.StoredFile> files = jobs.storedFiles(realmId);
        long total = files.stream().mapToLong(ExportJobStore.StoredFile::sizeBytes).sum();
        for (ExportJobStore.StoredFile file : files) {
            if (total <= cap) {
                return;
            }
            jobs.delete(file.id());
            total -= file.sizeBytes();
        }
    }
}
