package dev.kcaudit.audit.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.config.AuditConfigParser.InvalidConfig;
import dev.kcaudit.audit.config.SignalSettings.BusinessHours;
import dev.kcaudit.audit.config.SignalSettings.RuleSettings;
import dev.kcaudit.audit.model.SignalRule;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Pure, strict parsing of the {@code signals} settings: partial documents merge into the current settings. */
final class SignalSettingsParser {

    static final int MAX_THRESHOLD = 1_000;
    static final int MAX_WINDOW_MINUTES = 1_440;
    static final int MAX_HISTORY_DAYS = 3_650;
    private static final List<String> DAYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");
    private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");

    private SignalSettingsParser() {
    }

    static SignalSettings parse(JsonNode node, SignalSettings base) {
        object(node, "signals", Set.of("enabled", "businessHours", "rules"));
        return new SignalSettings(
                node.has("enabled") ? bool(node.get("enabled"), "signals.enabled") : base.enabled(),
                node.has("businessHours") ? hours(node.get("businessHours"), base.businessHours())
                        : base.businessHours(),
                node.has("rules") ? rules(node.get("rules"), base) : base.rules());
    }

    private static Map<String, RuleSettings> rules(JsonNode node, SignalSettings base) {
        if (!node.isObject()) {
            throw new InvalidConfig("signals.rules", "signals.rules must be an object keyed by rule id");
        }
        Map<String, RuleSettings> rules = new LinkedHashMap<>(base.rules());
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            SignalRule rule = SignalRule.byId(f.getKey()).orElseThrow(() -> new InvalidConfig("signals.rules",
                    "Unknown signal rule '" + f.getKey() + "'"));
            rules.put(rule.id(), rule(rule, f.getValue(), base.rule(rule)));
        }
        return rules;
    }

    private static RuleSettings rule(SignalRule rule, JsonNode node, RuleSettings base) {
        String at = "signals.rules." + rule.id();
        Set<String> takes = new java.util.HashSet<>(Set.of("enabled"));
        if (rule.defaultThreshold() != null) {
            takes.add("threshold");
        }
        if (rule.defaultWindowMinutes() != null) {
            takes.add("windowMinutes");
        }
        if (rule.defaultHistoryDays() != null) {
            takes.add("historyDays");
        }
        object(node, at, takes);
        return new RuleSettings(
                node.has("enabled") ? bool(node.get("enabled"), at + ".enabled") : base.enabled(),
                node.has("threshold") ? (Integer) whole(node.get("threshold"), at + ".threshold", 1, MAX_THRESHOLD)
                        : base.threshold(),
                node.has("windowMinutes") ? (Integer) whole(node.get("windowMinutes"), at + ".windowMinutes", 1,
                        MAX_WINDOW_MINUTES) : base.windowMinutes(),
                node.has("historyDays") ? (Integer) whole(node.get("historyDays"), at + ".historyDays", 1, MAX_HISTORY_DAYS)
                        : base.historyDays());
    }

    private static BusinessHours hours(JsonNode node, BusinessHours base) {
        object(node, "signals.businessHours", Set.of("timeZone", "days", "start", "end"));
        String zone = node.has("timeZone") ? text(node.get("timeZone"), "signals.businessHours.timeZone")
                : base.timeZone();
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new InvalidConfig("signals.businessHours.timeZone",
                    "signals.businessHours.timeZone must be a time zone id such as Europe/Berlin or UTC");
        }
        BusinessHours hours = new BusinessHours(zone, node.has("days") ? days(node.get("days")) : base.days(),
                node.has("start") ? time(node.get("start"), "signals.businessHours.start") : base.start(),
                node.has("end") ? time(node.get("end"), "signals.businessHours.end") : base.end());
        if (hours.start().equals(hours.end())) {
            throw new InvalidConfig(node.has("end") ? "signals.businessHours.end" : "signals.businessHours.start",
                    "signals.businessHours: start and end must differ (an end before the start spans midnight)");
        }
        return hours;
    }

    private static List<String> days(JsonNode node) {
        String field = "signals.businessHours.days";
        if (!node.isArray()) {
            throw new InvalidConfig(field, field + " must be an array of MON, TUE, WED, THU, FRI, SAT, SUN");
        }
        List<String> days = new ArrayList<>();
        for (JsonNode d : node) {
            if (!d.isTextual() || !DAYS.contains(d.asText())) {
                throw new InvalidConfig(field, field + " must be an array of MON, TUE, WED, THU, FRI, SAT, SUN");
            }
            if (!days.contains(d.asText())) {
                days.add(d.asText());
            }
        }
        days.sort(java.util.Comparator.comparingInt(DAYS::indexOf));
        return days;
    }

    private static String time(JsonNode node, String field) {
        String value = node.isTextual() ? node.asText() : "";
        if (!TIME.matcher(value).matches()) {
            throw new InvalidConfig(field, field + " must be a time of day as HH:mm, e.g. 08:00");
        }
        return value;
    }

    private static void object(JsonNode node, String field, Set<String> allowed) {
        if (!node.isObject()) {
            throw new InvalidConfig(field, field + " must be an object");
        }
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            if (!allowed.contains(f.getKey())) {
                throw new InvalidConfig(field + "." + f.getKey(), "Unknown setting '" + field + "." + f.getKey() + "'");
            }
        }
    }

    private static boolean bool(JsonNode node, String field) {
        if (!node.isBoolean()) {
            throw new InvalidConfig(field, field + " must be true or false");
        }
        return node.asBoolean();
    }

    private static String text(JsonNode node, String field) {
        if (!node.isTextual()) {
            throw new InvalidConfig(field, field + " must be a string");
        }
        return node.asText();
    }

    private static int whole(JsonNode node, String field, int min, int max) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
            throw new InvalidConfig(field, field + " must be a whole number from " + min + " to " + max);
        }
        return node.asInt();
    }
}
