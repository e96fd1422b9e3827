package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.model.IpKey;
import dev.kcaudit.audit.store.ChainRow;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;

/**
 * The columns the store computes from an entry's hashed content: verify recomputes them (docs/integrity.md), and
 * tests that plant rows write them. A class of its own, free of Keycloak's provider types, so that tests with only the
 * entities on their class path can use it.
 */
public final class DerivedColumns {

    private DerivedColumns() {
    }

    public static ChainRow.Derived of(AuditEntryEntity row) {
        var entry = EntityConverter.toEntry(row);
        var origin = entry.origin();
        return new ChainRow.Derived(IpKey.of(entry.ipAddress()), EntityConverter.searchText(entry),
                EntityConverter.scopeTags(row), origin == null ? null : origin.country(),
                origin == null ? null : origin.device());
    }
}
