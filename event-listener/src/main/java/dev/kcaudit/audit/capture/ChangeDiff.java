package dev.kcaudit.audit.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcaudit.audit.model.Change;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pure: the field changes between the last known (redacted) state of a resource and the representation an update
 * sent. Keycloak's update representations may be partial, so only fields the update names are compared; objects
 * are compared field by field (e.g. {@code attributes.department}), arrays and scalars as a whole.
 */
public final class ChangeDiff {

    /** Bookkeeping fields that change without anyone changing them. */
    private static final Set<String> IGNORED = Set.of("id", "createdTimestamp", "access", "notBefore", "totp",
            "disableableCredentialTypes", "userProfileMetadata", "containerId", "subGroupCount", "subGroups");

    private ChangeDiff() {
    }

    public static List<Change> diff(JsonNode previous, JsonNode update) {
        List<Change> changes = new ArrayList<>();
        if (previous instanceof ObjectNode before && update instanceof ObjectNode after) {
            compare("", before, after, changes);
        }
        return changes;
    }

    /** The new state: the previous one with every field the update names replaced. */
    public static JsonNode merge(JsonNode previous, JsonNode update) {
        if (!(previous instanceof ObjectNode before) || !(update instanceof ObjectNode after)) {
            return update;
        }
        ObjectNode merged = before.deepCopy();
        after.properties().forEach(field -> merged.set(field.getKey(), field.getValue()));
        return merged;
    }

    private static void compare(String prefix, ObjectNode before, ObjectNode after, List<Change> out) {
        Iterator<Map.Entry<String, JsonNode>> fields = after.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (prefix.isEmpty() && IGNORED.contains(field.getKey())) {
                continue;
            }
            String path = prefix + field.getKey();
            JsonNode old = before.get(field.getKey());
            JsonNode now = field.getValue();
            if (old instanceof ObjectNode o && now instanceof ObjectNode n) {
                compareObjects(path + ".", o, n, out);
            } else if (!same(old, now)) {
                out.add(new Change(path, text(old), text(now)));
            }
        }
    }

    /** Nested objects (attribute maps, config maps): fields added, changed and removed. */
    private static void compareObjects(String prefix, ObjectNode before, ObjectNode after, List<Change> out) {
        Map<String, JsonNode> keys = new LinkedHashMap<>();
        before.properties().forEach(e -> keys.put(e.getKey(), e.getValue()));
        after.properties().forEach(e -> keys.put(e.getKey(), e.getValue()));
        for (String key : keys.keySet()) {
            JsonNode old = before.get(key);
            JsonNode now = after.get(key);
            if (old instanceof ObjectNode o && now instanceof ObjectNode n) {
                compareObjects(prefix + key + ".", o, n, out);
            } else if (!same(old, now)) {
                out.add(new Change(prefix + key, text(old), text(now)));
            }
        }
    }

    /**
     * Equal values, where numbers compare by value (1000 and 1000L) and absent, null, false, "" and empty
     * collections all mean "not set": a partial representation that omits a default is no change.
     */
    private static boolean same(JsonNode a, JsonNode b) {
        boolean aUnset = unset(a);
        boolean bUnset = unset(b);
        if (aUnset || bUnset) {
            return aUnset && bUnset;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static boolean unset(JsonNode n) {
        return n == null || n.isNull() || n.isBoolean() && !n.asBoolean() || n.isTextual() && n.asText().isEmpty()
                || n.isContainerNode() && n.isEmpty();
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
