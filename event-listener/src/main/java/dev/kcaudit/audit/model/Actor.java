package dev.kcaudit.audit.model;

/** Who performed the action, resolved when the entry is written. */
public record Actor(String id, Type type, String username, String email, String clientId) {

    public enum Type {
        USER("user"), SERVICE_ACCOUNT("service-account"), SYSTEM("system"), ANONYMOUS("anonymous");

        private final String id;

        Type(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Type byId(String id) {
            for (Type t : values()) {
                if (t.id.equals(id)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown actor type " + id);
        }
    }

    public static Actor system() {
        return new Actor(null, Type.SYSTEM, "system", null, null);
    }

    public static Actor anonymous(String clientId) {
        return new Actor(null, Type.ANONYMOUS, null, null, clientId);
    }
}
