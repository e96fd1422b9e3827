package dev.kcaudit.audit.query;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Pure: strict reading of raw query parameters, where every problem names its parameter. */
public final class Params {

    static final int MAX_VALUES = 100;
    static final int MAX_VALUE_LENGTH = 255;

    private final Map<String, List<String>> raw;

    public Params(Map<String, List<String>> raw, Set<String> allowed) {
        this.raw = raw;
        for (Map.Entry<String, List<String>> p : raw.entrySet()) {
            String name = p.getKey();
            if (!allowed.contains(name)) {
                throw new BadParameter(name, "Unknown parameter '" + shorten(name) + "'; allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
            // No filter, name or option holds control characters, and PostgreSQL refuses a NUL in any text: say so
            // here rather than fail in the database (an export job stores its parameters).
            for (String value : p.getValue()) {
                if (value != null && value.chars().anyMatch(Character::isISOControl)) {
                    throw new BadParameter(name, name + " must not contain control characters");
                }
            }
        }
    }

    /** A parameter given at most once. */
    public String single(String name) {
        List<String> values = raw.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new BadParameter(name, name + " may be given only once");
        }
        String value = values.get(0).trim();
        if (value.length() > MAX_VALUE_LENGTH * 8) {
            throw new BadParameter(name, name + " is too long");
        }
        return value.isEmpty() ? null : value;
    }

    /** A multi-valued parameter: repeated and/or comma-separated. */
    public Set<String> multi(String name) {
        Set<String> values = new LinkedHashSet<>();
        for (String value : raw.getOrDefault(name, List.of())) {
            for (String part : value.split(",")) {
                String v = part.trim();
                if (v.isEmpty()) {
                    continue;
                }
                if (v.length() > MAX_VALUE_LENGTH) {
                    throw new BadParameter(name, name + " values are at most " + MAX_VALUE_LENGTH + " characters");
                }
                values.add(v);
            }
        }
        if (values.size() > MAX_VALUES) {
            throw new BadParameter(name, name + " takes at most " + MAX_VALUES + " values");
        }
        return values;
    }

    public int integer(String name, int defaultValue, int min, int max) {
        String value = single(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BadParameter(name, name + " must be a whole number from " + min + " to " + max);
    }

    /** A time as epoch milliseconds or ISO-8601 (instant, offset date-time, UTC local date-time or date). */
    public Long time(String name, boolean endOfDay) {
        String value = single(name);
        if (value == null) {
            return null;
        }
        try {
            if (value.matches("-?\\d{1,15}")) {
                return Long.parseLong(value);
            }
            if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                LocalDate date = LocalDate.parse(value);
                return (endOfDay ? date.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() - 1
                        : date.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli());
            }
            if (value.endsWith("Z") || value.matches(".*[+-]\\d{2}:\\d{2}$")) {
                return OffsetDateTime.parse(value).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new BadParameter(name, name + " must be epoch milliseconds or an ISO-8601 date or date-time, "
                    + "e.g. " + Instant.ofEpochMilli(0).toString());
        }
    }

    /** The parameters as given, for recording what an export asked for. */
    public Map<String, List<String>> asMap() {
        return new java.util.TreeMap<>(raw);
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
