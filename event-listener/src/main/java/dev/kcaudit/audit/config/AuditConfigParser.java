package dev.kcaudit.audit.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.model.Category;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.keycloak.util.JsonSerialization;

/** Pure, strict parsing of a settings document: every problem names its field. */
public final class AuditConfigParser {

    /** A rejected settings document. */
    public static final class InvalidConfig extends RuntimeException {
        private final String field;

        InvalidConfig(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    public static final int MAX_RETENTION_DAYS = 36_500;
    public static final int MAX_REDACTED = 100;
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    private static final Set<String> FIELDS = Set.of("categories", "highVolumeEvents", "includeDetails",
            "storeIpAddress", "redactedAttributes", "retentionDays", "exportMaxDays", "exportFileDays", "legalHold",
            "exportStorageMaxBytes", "readRequestsPerMinute", "signals");
    public static final long MIN_EXPORT_STORAGE = 65_536;
    public static final long MAX_EXPORT_STORAGE = 1L << 40;
    public static final int MAX_READS_PER_MINUTE = 100_000;
    public static final int MAX_EXPORT_DAYS = 3_660;
    public static final int MAX_EXPORT_FILE_DAYS = 365;

    private AuditConfigParser() {
    }

    /** Parses a full or partial document; fields it leaves out keep their value in {@code base}. */
    public static AuditConfig parse(String json, AuditConfig base) {
        JsonNode root;
        try {
            root = json == null || json.isBlank() ? null : JsonSerialization.mapper.readTree(json);
        } catch (IOException e) {
            throw new InvalidConfig("body", "The body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidConfig("body", "The body must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> f : root.properties()) {
            if (!FIELDS.contains(f.getKey())) {
                throw new InvalidConfig(f.getKey(), "Unknown setting '" + f.getKey() + "'");
            }
        }
        return new AuditConfig(
                root.has("categories") ? categories(root.get("categories")) : base.categories(),
                root.has("highVolumeEvents") ? bool(root, "highVolumeEvents") : base.highVolumeEvents(),
                root.has("includeDetails") ? bool(root, "includeDetails") : base.includeDetails(),
                root.has("storeIpAddress") ? bool(root, "storeIpAddress") : base.storeIpAddress(),
                root.has("redactedAttributes") ? redacted(root.get("redactedAttributes")) : base.redactedAttributes(),
                root.has("retentionDays") ? days(root.get("retentionDays"), "retentionDays", 0, MAX_RETENTION_DAYS)
                        : base.retentionDays(),
                root.has("exportMaxDays") ? days(root.get("exportMaxDays"), "exportMaxDays", 1, MAX_EXPORT_DAYS)
                        : base.exportMaxDays(),
                root.has("exportFileDays") ? days(root.get("exportFileDays"), "exportFileDays", 1, MAX_EXPORT_FILE_DAYS)
                        : base.exportFileDays(),
                root.has("legalHold") ? bool(root, "legalHold") : base.legalHold(),
                root.has("exportStorageMaxBytes") ? whole(root.get("exportStorageMaxBytes"), "exportStorageMaxBytes",
                        MIN_EXPORT_STORAGE, MAX_EXPORT_STORAGE, "bytes") : base.exportStorageMaxBytes(),
                root.has("readRequestsPerMinute") ? (int) whole(root.get("readRequestsPerMinute"),
                        "readRequestsPerMinute", 0, MAX_READS_PER_MINUTE, "requests (0: the server's default)")
                        : base.readRequestsPerMinute(),
                root.has("signals") ? SignalSettingsParser.parse(root.get("signals"), base.signals()) : base.signals());
    }

    private static Set<String> categories(JsonNode node) {
        Set<String> ids = strings(node, "categories");
        for (String id : ids) {
            if (Category.byId(id).isEmpty()) {
                throw new InvalidConfig("categories", "Unknown category '" + id + "'");
            }
            if (!Category.byId(id).get().capturable()) {
                throw new InvalidConfig("categories", "'" + id + "' entries are raised by signals, not captured:"
                        + " switch them under signals");
            }
        }
        return ids;
    }

    private static Set<String> redacted(JsonNode node) {
        Set<String> names = strings(node, "redactedAttributes");
        if (names.size() > MAX_REDACTED) {
            throw new InvalidConfig("redactedAttributes", "At most " + MAX_REDACTED + " names");
        }
        for (String n : names) {
            if (!ATTRIBUTE_NAME.matcher(n).matches()) {
                throw new InvalidConfig("redactedAttributes",
                        "Names are 1 to 100 letters, digits, '_', '.', ':' or '-'");
            }
        }
        return names;
    }

    private static int days(JsonNode node, String field, int min, int max) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
            throw new InvalidConfig(field, field + " must be a whole number of days from " + min + " to " + max
                    + (min == 0 ? " (0 keeps entries forever)" : ""));
        }
        return node.asInt();
    }

    private static long whole(JsonNode node, String field, long min, long max, String unit) {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            throw new InvalidConfig(field, field + " must be a whole number of " + unit + " from " + min + " to " + max);
        }
        return node.asLong();
    }

    private static boolean bool(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (!node.isBoolean()) {
            throw new InvalidConfig(field, field + " must be true or false");
        }
        return node.asBoolean();
    }

    private static Set<String> strings(JsonNode node, String field) {
        if (!node.isArray()) {
            throw new InvalidConfig(field, field + " must be an array of strings");
        }
        Set<String> values = new LinkedHashSet<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw new InvalidConfig(field, field + " must be an array of strings");
            }
            values.add(item.asText());
        }
        return values;
    }
}
