package dev.kcaudit.audit.store.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Outcome;
import dev.kcaudit.audit.model.Source;
import dev.kcaudit.audit.redaction.EntryRedaction;
import dev.kcaudit.audit.redaction.Redactor;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import dev.kcaudit.audit.view.EntryRepresentation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

class StoredDetailsTest {

    /** Spaced as no writer of ours spaces it: only the stored text itself can come out this way. */
    private static final String STORED = "{ \"operation\" : \"UPDATE\", \"count\" : 3, \"roles\" : [ \"admin\" ] }";

    private static AuditEntry read(String detailsJson) {
        AuditEntryEntity x = EntityConverter.toEntity(new AuditEntry("id-1", 1_700_000_000_000L, "realm-1", List.of(),
                AuditAction.USER_UPDATED, Outcome.success(), new Actor("a1", Actor.Type.USER, "admin", null, null),
                null, List.of(), "10.0.0.1", null, Source.ADMIN_API, Map.of()));
        x.setDetailsJson(detailsJson);
        return EntityConverter.toEntry(x);
    }

    @Test
    void aPageWritesTheStoredDetailsAsTheyAreWithoutParsingThem() throws Exception {
        String page = JsonSerialization.mapper.writeValueAsString(EntryRepresentation.of(read(STORED), "demo"));

        assertThat(page).contains("\"details\":" + STORED);
        assertThat(JsonSerialization.mapper.readTree(page).get("details").get("roles").get(0).asText())
                .isEqualTo("admin");
    }

    @Test
    void readersInsideSeeTheParsedValuesAndCannotChangeThem() {
        Map<String, Object> details = read(STORED).details();

        assertThat(details).containsEntry("operation", "UPDATE").containsEntry("count", 3).hasSize(3);
        assertThat(details.get("roles")).isEqualTo(List.of("admin"));
        assertThat(details).isEqualTo(Map.of("operation", "UPDATE", "count", 3, "roles", List.of("admin")));
        assertThatThrownBy(() -> details.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(read(null).details()).isEmpty();
    }

    /** The scrub redacts stored details through a tree: a tree of raw text would hide the secret from it. */
    @Test
    void aTreeOfStoredDetailsHoldsTheirValuesSoRedactionStillSeesASecret() {
        AuditEntry stored = read("{\"operation\":\"UPDATE\",\"client_secret\":\"s3cr3t-value\"}");

        JsonNode tree = JsonSerialization.mapper.valueToTree(stored.details());
        assertThat(tree.isObject()).isTrue();
        assertThat(tree.get("client_secret").asText()).isEqualTo("s3cr3t-value");

        AuditEntry redacted = EntryRedaction.entry(stored, Redactor.standard());
        assertThat(redacted.details()).containsEntry("operation", "UPDATE");
        assertThat(String.valueOf(redacted.details())).doesNotContain("s3cr3t-value");
    }
}
