package dev.kcaudit.audit.model;

/** One changed field of an update, rendered as {@code field: old -> new}. */
public record Change(String field, String oldValue, String newValue) {
}
