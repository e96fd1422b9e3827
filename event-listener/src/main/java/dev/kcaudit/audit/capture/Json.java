package dev.kcaudit.audit.capture;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.keycloak.util.JsonSerialization;

/** Small JSON helpers over Keycloak's own Jackson mapper. */
final class Json {

    private static final List<String> NAME_FIELDS =
            List.of("username", "userName", "clientId", "name", "alias", "displayName");

    private Json() {
    }

    /** The parsed tree, or null for no or unreadable JSON (representations are best effort). */
    static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return JsonSerialization.mapper.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }

    static String write(JsonNode node) {
        if (node == null) {
            return null;
        }
        try {
            return JsonSerialization.mapper.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isValueNode() ? value.asText() : null;
    }

    /** The first name-like field of a representation: username, clientId, alias, name… */
    static String displayName(JsonNode rep) {
        for (String field : NAME_FIELDS) {
            String value = text(rep, field);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** The names in an array of representations, e.g. the roles of a role mapping. */
    static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(item -> {
            String name = displayName(item);
            if (name != null) {
                names.add(name);
            }
        });
        return names;
    }

    /** Domain names in the JSON text of an organization's {@code domains} array. */
    static Set<String> domainNames(String domainsJson) {
        Set<String> names = new LinkedHashSet<>();
        JsonNode domains = parse(domainsJson);
        if (domains != null) {
            domains.forEach(d -> names.add(d.isTextual() ? d.asText() : d.path("name").asText()));
        }
        return names;
    }
}
