package dev.kcaudit.audit.store.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Change;
import dev.kcaudit.audit.model.OrganizationRef;
import dev.kcaudit.audit.model.Outcome;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.Source;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchTextTest {

    /** What verify recomputes from the stored row must be what was written, however long the parsed agent. */
    @Test
    void derivedColumnsOfAStoredOriginAreWhatWasWritten() {
        String browser = "Firefox " + "9".repeat(80);
        AuditEntry entry = new AuditEntry("id-2", 1L, "realm-1", List.of(), AuditAction.LOGIN_FAILED,
                Outcome.failure("user_not_found"), Actor.anonymous("nobody"), null, List.of(), "81.2.69.142", null,
                Source.LOGIN, Map.of()).withOrigin(new dev.kcaudit.audit.model.Origin("Firefox/" + "9".repeat(80),
                browser, "Windows 10", "desktop", "GB", "England", "Bracknell", null, null));
        var row = EntityConverter.toEntity(entry);
        var expected = DerivedColumns.of(row);
        assertThat(row.getSearchText()).isEqualTo(expected.searchText());
        assertThat(row.getCountry()).isEqualTo(expected.country()).isEqualTo("GB");
        assertThat(row.getDevice()).isEqualTo(expected.device()).isEqualTo("desktop");
    }

    @Test
    void holdsEveryValueOnceAndNoJsonKeys() throws Exception {
        JsonNode representation = new ObjectMapper().readTree(
                "{\"username\":\"Alice\",\"attributes\":{\"department\":[\"Finance\"]},\"enabled\":true,\"email\":null}");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("operation", "UPDATE");
        details.put("keycloakEventId", "ev-1");
        details.put("username", "bad\u0000name");
        details.put("representation", representation);
        AuditEntry entry = new AuditEntry("id-1", 1L, "realm-1", List.of(new OrganizationRef("o1", "Acme")),
                AuditAction.USER_UPDATED, Outcome.failure("Some_Error"),
                new Actor("a1", Actor.Type.USER, "admin", "admin@example.test", "security-admin-console"),
                new Resource("user", "u1", "alice"), List.of(new Change("lastName", "Old", "New")), "10.0.0.1",
                null, Source.ADMIN_API, details, null, null);

        String text = EntityConverter.searchText(entry);

        assertThat(text.split(" ")).contains("admin", "admin@example.test", "security-admin-console",
                "user.updated", "user", "updated", "users", "some_error", "10.0.0.1", "u1", "alice", "acme",
                "lastname", "old", "new", "update", "ev-1", "finance", "true");
        // Values once each ("alice" is both the resource name and the representation's username).
        assertThat(List.of(text.split(" "))).filteredOn("alice"::equals).hasSize(1);
        // JSON keys and nulls are not searchable text.
        assertThat(text).doesNotContain("keycloakeventid", "representation", "attributes", "department", "null", "{");
        assertThat(text).isEqualTo(text.toLowerCase());
        // A control character in a value becomes a space: PostgreSQL refuses a NUL in text.
        assertThat(text).doesNotContain("\u0000").contains("bad name");
    }
}
