package dev.kcaudit.audit.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks an event against the published OCSF schema's required attributes, "at least one of" constraints, class
 * activities and enums (test resource ocsf/required.json, taken from ocsf/ocsf-schema). Returns the problems.
 */
public final class OcsfValidator {

    private static final JsonNode RULES = load();

    private OcsfValidator() {
    }

    public static List<String> problems(JsonNode event) {
        List<String> problems = new ArrayList<>();
        RULES.path("base").forEach(f -> require(event, f.asText(), problems));
        String classUid = event.path("class_uid").asText();
        JsonNode rules = RULES.path("classes").path(classUid);
        if (rules.isMissingNode()) {
            problems.add("class_uid " + classUid + " is not one of the mapped classes");
            return problems;
        }
        rules.path("required").forEach(f -> require(event, f.asText(), problems));
        if (event.path("category_uid").asInt() != rules.path("category").asInt()) {
            problems.add("category_uid " + event.path("category_uid") + " is not " + rules.path("category"));
        }
        int activity = event.path("activity_id").asInt(-1);
        if (!contains(rules.path("activities"), activity)) {
            problems.add("activity_id " + activity + " is not an activity of class " + classUid);
        }
        if (event.path("type_uid").asLong() != event.path("class_uid").asLong() * 100 + activity) {
            problems.add("type_uid " + event.path("type_uid") + " is not class_uid * 100 + activity_id");
        }
        for (Map.Entry<String, JsonNode> e : RULES.path("enums").properties()) {
            if (event.has(e.getKey()) && !contains(e.getValue(), event.path(e.getKey()).asInt(-1))) {
                problems.add(e.getKey() + " " + event.path(e.getKey()) + " is not in its enum");
            }
        }
        for (Map.Entry<String, JsonNode> o : RULES.path("objects").properties()) {
            JsonNode object = at(event, o.getKey());
            if (object.isMissingNode()) {
                continue;
            }
            o.getValue().path("required").forEach(f -> require(object, f.asText(), problems));
            JsonNode anyOf = o.getValue().path("atLeastOne");
            if (!anyOf.isMissingNode()) {
                boolean one = false;
                for (JsonNode f : anyOf) {
                    one |= object.hasNonNull(f.asText());
                }
                if (!one) {
                    problems.add(o.getKey() + " needs at least one of " + anyOf);
                }
            }
        }
        return problems;
    }

    private static JsonNode at(JsonNode event, String path) {
        JsonNode node = event;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    private static void require(JsonNode node, String field, List<String> problems) {
        if (!node.hasNonNull(field)) {
            problems.add("missing required " + field);
        }
    }

    private static boolean contains(JsonNode array, int value) {
        for (JsonNode v : array) {
            if (v.asInt() == value) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode load() {
        try (InputStream in = OcsfValidator.class.getResourceAsStream("/ocsf/required.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
