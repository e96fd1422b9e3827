package dev.kcaudit.audit.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.keycloak.util.JsonSerialization;

/** Pure: JSON kept as text (a change's old or new value, a stored column), redacted as the tree it holds. */
final class JsonText {

    private JsonText() {
    }

    /** The text with secrets removed when it is a JSON object or array; any other text as it is. */
    static String redact(String text, Redactor redactor) {
        JsonNode tree = parse(text);
        if (tree == null || !tree.isContainerNode()) {
            return text;
        }
        return redactor.strip(tree) ? write(tree) : text;
    }

    /** The tree, or null for no text or text that is not JSON. */
    static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        char first = text.strip().charAt(0);
        if (first != '{' && first != '[') {
            return null;
        }
        try {
            return JsonSerialization.mapper.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    static String write(JsonNode node) {
        try {
            return JsonSerialization.mapper.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
