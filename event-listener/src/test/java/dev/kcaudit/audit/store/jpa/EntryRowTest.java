package dev.kcaudit.audit.store.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Change;
import dev.kcaudit.audit.model.OrganizationRef;
import dev.kcaudit.audit.model.Origin;
import dev.kcaudit.audit.model.Outcome;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.Source;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryChainEntity;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntryRowTest {

    /** A row in the selection's order must rebuild every field in its place: a swap would show another value. */
    @Test
    void aRowInTheSelectionsOrderRebuildsTheEntryItCameFrom() throws Exception {
        AuditEntry entry = new AuditEntry("id-1", 1_700_000_000_123L, "realm-1",
                List.of(new OrganizationRef("o1", "Acme")), AuditAction.USER_UPDATED, Outcome.failure("Some_Error"),
                new Actor("a1", Actor.Type.USER, "admin", "admin@example.test", "security-admin-console"),
                new Resource("user", "u1", "alice"), List.of(new Change("lastName", "Old", "New")), "10.0.0.1",
                "session-1", Source.ADMIN_API, Map.of("operation", "UPDATE"), null, null)
                .withOrigin(new Origin("agent", "Firefox", "Linux", "desktop", "GB", "England", "Bracknell", null,
                        null));
        AuditEntryEntity stored = EntityConverter.toEntity(entry);
        stored.withChain(new AuditEntryChainEntity("id-1", "realm-1", 7L, 6L, "hash-7"));

        List<Object> row = new ArrayList<>();
        for (String field : EntryRow.ENTRY) {
            row.add(AuditEntryEntity.class.getMethod("get" + Character.toUpperCase(field.charAt(0))
                    + field.substring(1)).invoke(stored));
        }
        row.addAll(List.of("id-1", 7L, 6L, "hash-7"));
        AuditEntryEntity read = EntryRow.entity(row.toArray());

        // Every hashed column, in the chain's own order, and the chain's place.
        assertThat(read.canonical()).isEqualTo(stored.canonical());
        assertThat(read.getSeq()).isEqualTo(7L);
        assertThat(read.getChainPrevSeq()).isEqualTo(6L);
        assertThat(read.getChainHash()).isEqualTo("hash-7");
        assertThat(EntityConverter.toEntry(read)).usingRecursiveComparison().ignoringFields("integrity")
                .isEqualTo(EntityConverter.toEntry(stored));
        // The columns only filters use are not read.
        assertThat(read.getSearchText()).isNull();
        assertThat(stored.getSearchText()).isNotNull();
    }

    @Test
    void anEntryWithoutAChainRowHasNoChainPlace() {
        Object[] row = new Object[EntryRow.ENTRY.size() + 4];
        row[0] = "id-2";
        row[1] = "realm-1";
        row[2] = 1L;
        assertThat(EntryRow.entity(row).chain()).isNull();
    }
}
