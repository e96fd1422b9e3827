package dev.kcaudit.audit.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The columns a list can be sorted by; every order ends with time and id, so it is total. */
public enum SortKey {
    TIME("time"), ACTOR("actor"), ACTION("action"), CATEGORY("category"), RESOURCE_TYPE("resourceType"),
    OUTCOME("outcome"), IP("ip");

    private final String id;

    SortKey(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<SortKey> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equalsIgnoreCase(id.toLowerCase(Locale.ROOT))).findFirst();
    }
}
