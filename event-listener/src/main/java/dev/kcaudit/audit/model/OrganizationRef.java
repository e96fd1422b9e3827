package dev.kcaudit.audit.model;

/** An organization an entry belongs to; the name is kept as it was when the entry was written. */
public record OrganizationRef(String id, String name) {
}
