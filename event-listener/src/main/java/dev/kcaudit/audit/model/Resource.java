package dev.kcaudit.audit.model;

/** What the action touched. The name is resolved when written so it survives the resource's deletion. */
public record Resource(String type, String id, String name) {
}
