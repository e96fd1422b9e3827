package dev.kcaudit.audit.redaction;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Change;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.util.JsonSerialization;

/**
 * Pure: the redaction every stored row passes, whatever wrote it. The store applies it to each entry it saves and each
 * resource state it keeps, and the scrub applies it to rows stored before the vocabulary knew a secret, so capture
 * code written later (new entries, new details) cannot store a secret the vocabulary knows.
 */
public final class EntryRedaction {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };

    private EntryRedaction() {
    }

    /** The entry with secrets removed from its details and changes; the same instance when there were none. */
    public static AuditEntry entry(AuditEntry e, Redactor redactor) {
        Map<String, Object> details = details(e.details(), redactor);
        List<Change> changes = redactor.redact(e.changes());
        if (details == e.details() && changes.equals(e.changes())) {
            return e;
        }
        return new AuditEntry(e.id(), e.time(), e.realmId(), e.organizations(), e.action(), e.outcome(), e.actor(),
                e.resource(), changes, e.ipAddress(), e.sessionId(), e.source(), details, e.origin(), e.integrity());
    }

    private static Map<String, Object> details(Map<String, Object> details, Redactor redactor) {
        if (details.isEmpty()) {
            return details;
        }
        JsonNode tree = JsonSerialization.mapper.valueToTree(details);
        if (!redactor.strip(tree)) {
            return details;
        }
        return JsonSerialization.mapper.convertValue(tree, MAP);
    }

    /** A stored JSON column (details, a resource state): the redacted text, or the same text when nothing went. */
    public static String json(String stored, Redactor redactor) {
        return JsonText.redact(stored, redactor);
    }

    /** A stored changes column (a JSON array of {@code {field, oldValue, newValue}}), redacted the same way. */
    public static String changes(String stored, Redactor redactor) {
        JsonNode tree = JsonText.parse(stored);
        if (tree == null || !tree.isArray()) {
            return stored;
        }
        List<Change> changes = new ArrayList<>();
        tree.forEach(c -> changes.add(new Change(text(c, "field"), text(c, "oldValue"), text(c, "newValue"))));
        List<Change> safe = redactor.redact(changes);
        if (safe.equals(changes)) {
            return stored;
        }
        return safe.isEmpty() ? null : JsonText.write(JsonSerialization.mapper.valueToTree(safe));
    }

    private static String text(JsonNode change, String field) {
        JsonNode value = change.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
