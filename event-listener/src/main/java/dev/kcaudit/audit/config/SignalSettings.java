package dev.kcaudit.audit.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kcaudit.audit.model.SignalRule;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which security signals a realm raises and their thresholds (docs/signals.md). Rules the stored settings do not
 * name take their defaults, so a rule added by an upgrade starts as documented.
 *
 * @param enabled       the master switch: no rule is judged when off
 * @param businessHours the realm's working week, for {@code off-hours}
 * @param rules         each rule's settings by rule id
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SignalSettings(boolean enabled, BusinessHours businessHours, Map<String, RuleSettings> rules) {

    /** One rule's settings; the numbers a rule does not take are null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RuleSettings(boolean enabled, Integer threshold, Integer windowMinutes, Integer historyDays) {

        static RuleSettings defaults(SignalRule rule) {
            return new RuleSettings(rule.enabledByDefault(), rule.defaultThreshold(), rule.defaultWindowMinutes(),
                    rule.defaultHistoryDays());
        }

        /** These settings with the rule's defaults where a number it takes is missing, and none it does not take. */
        RuleSettings completed(SignalRule rule) {
            return new RuleSettings(enabled, pick(threshold, rule.defaultThreshold()),
                    pick(windowMinutes, rule.defaultWindowMinutes()), pick(historyDays, rule.defaultHistoryDays()));
        }

        private static Integer pick(Integer value, Integer byDefault) {
            return byDefault == null ? null : value == null ? byDefault : value;
        }

        public long windowMs() {
            return windowMinutes == null ? 0 : windowMinutes * 60_000L;
        }

        public long historyMs() {
            return historyDays == null ? 0 : historyDays * 86_400_000L;
        }
    }

    /**
     * The working week: {@code days} (MON…SUN) from {@code start} to {@code end} ("HH:mm", end exclusive; an end
     * before the start spans midnight) in {@code timeZone}.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BusinessHours(String timeZone, List<String> days, String start, String end) {

        public BusinessHours {
            // Stored settings are read as they are: a missing part takes its default rather than failing every judgement.
            BusinessHours byDefault = timeZone == null || days == null || start == null || end == null ? defaults() : null;
            timeZone = timeZone != null ? timeZone : byDefault.timeZone();
            days = days != null ? List.copyOf(days) : byDefault.days();
            start = start != null ? start : byDefault.start();
            end = end != null ? end : byDefault.end();
        }

        public static BusinessHours defaults() {
            return new BusinessHours("UTC", List.of("MON", "TUE", "WED", "THU", "FRI"), "08:00", "18:00");
        }

        /** Whether the instant falls within the working week. */
        public boolean contains(long epochMs) {
            ZonedDateTime t = Instant.ofEpochMilli(epochMs).atZone(ZoneId.of(timeZone));
            LocalTime from = LocalTime.parse(start);
            LocalTime to = LocalTime.parse(end);
            LocalTime at = t.toLocalTime();
            if (!from.isAfter(to)) {
                return worksOn(t.getDayOfWeek()) && !at.isBefore(from) && at.isBefore(to);
            }
            // Overnight hours belong to the day they start on.
            return worksOn(t.getDayOfWeek()) && !at.isBefore(from)
                    || worksOn(t.getDayOfWeek().minus(1)) && at.isBefore(to);
        }

        private boolean worksOn(DayOfWeek day) {
            return days.contains(day.name().substring(0, 3).toUpperCase(Locale.ROOT));
        }
    }

    public SignalSettings {
        businessHours = businessHours == null ? BusinessHours.defaults() : businessHours;
        Map<String, RuleSettings> all = new LinkedHashMap<>();
        for (SignalRule rule : SignalRule.values()) {
            RuleSettings given = rules == null ? null : rules.get(rule.id());
            all.put(rule.id(), given == null ? RuleSettings.defaults(rule) : given.completed(rule));
        }
        rules = Collections.unmodifiableMap(all);
    }

    public static SignalSettings defaults() {
        return new SignalSettings(true, BusinessHours.defaults(), Map.of());
    }

    public RuleSettings rule(SignalRule rule) {
        return rules.get(rule.id());
    }

    /** Whether the rule is judged: the master switch and the rule's own. */
    public boolean judges(SignalRule rule) {
        return enabled && rule(rule).enabled();
    }
}
