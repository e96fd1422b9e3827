package dev.kcaudit.audit.model;

import java.util.Arrays;
import java.util.Optional;

/** The areas an audit entry belongs to. The id is stored and is part of the public contract. */
public enum Category {
    AUTHENTICATION("authentication", "Authentication"),
    CREDENTIALS("credentials", "Credentials"),
    USERS("users", "Users"),
    MEMBERS("members", "Member management"),
    ROLES("roles", "Roles & permissions"),
    CLIENTS("clients", "Clients"),
    ORGANIZATIONS("organizations", "Organizations"),
    SCIM("scim", "SCIM provisioning"),
    IDENTITY_PROVIDERS("identity-providers", "Identity providers"),
    REALM_SETTINGS("realm-settings", "Realm settings"),
    AUDIT("audit", "Audit log");

    private final String id;
    private final String label;

    Category(String id, String label) {
        this.id = id;
        this.label = label;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public static Optional<Category> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }
}
