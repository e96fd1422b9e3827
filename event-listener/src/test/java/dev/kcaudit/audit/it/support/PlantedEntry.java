package dev.kcaudit.audit.it.support;

import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import java.util.UUID;

/** Entries a test writes straight into the table, as capture would: the columns every such entry shares. */
public final class PlantedEntry {

    private PlantedEntry() {
    }

    /** A successful user update through the admin API at {@code time}, with a new id; the test sets the rest. */
    public static AuditEntryEntity userUpdate(String realmId, long time) {
        AuditEntryEntity row = new AuditEntryEntity();
        row.setId(UUID.randomUUID().toString());
        row.setRealmId(realmId);
        row.setTime(time);
        row.setCategory("users");
        row.setAction("user.updated");
        row.setOutcome("success");
        row.setSource("admin-api");
        return row;
    }
}
