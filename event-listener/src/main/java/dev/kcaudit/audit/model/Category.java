package dev.kcaudit.audit.model;

import dev.kcaudit.audit.i18n.AuditMessages;
import java.util.Arrays;
import java.util.Optional;

/** The areas an audit entry belongs to. The id is stored and is part of the public contract. */
public enum Category {
    AUTHENTICATION("authentication"),
    CREDENTIALS("credentials"),
    USERS("users"),
    MEMBERS("members"),
    ROLES("roles"),
    CLIENTS("clients"),
    ORGANIZATIONS("organizations"),
    SCIM("scim"),
    IDENTITY_PROVIDERS("identity-providers"),
    REALM_SETTINGS("realm-settings"),
    AUDIT("audit"),
    /** Raised by the signal rules (docs/signals.md), never captured from Keycloak: not a capture setting. */
    SECURITY("security");

    private final String id;

    Category(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The English label (the root message bundle's {@code category.<id>}). */
    public String label() {
        return label(AuditMessages.english());
    }

    public String label(AuditMessages messages) {
        return messages.get("category." + id);
    }

    /** Whether the settings' {@code categories} choose to capture this category (security entries are raised). */
    public boolean capturable() {
        return this != SECURITY;
    }

    public static Optional<Category> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }
}
