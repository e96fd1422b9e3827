package dev.kcaudit.audit.api.representation;

/**
 * How many entries match. Counting stops at {@code limit}: past it, {@code exact} is false and {@code count} is a
 * lower bound ("10,000+"), so a count never costs more than reading that many index entries.
 */
public record CountRepresentation(long count, boolean exact, long limit) {
}
