package dev.kcaudit.audit.model;

/** Where the action came from. */
public enum Source {
    LOGIN("login"), ADMIN_API("admin-api"), SCIM("scim"), ACCOUNT("account"), SYSTEM("system");

    private final String id;

    Source(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Source byId(String id) {
        for (Source s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown source " + id);
    }
}
