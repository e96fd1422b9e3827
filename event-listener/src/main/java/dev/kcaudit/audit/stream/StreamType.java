package dev.kcaudit.audit.stream;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of destination, by their API name, and the one write-only secret field each has. */
public enum StreamType {
    WEBHOOK("webhook", "secret"),
    SPLUNK_HEC("splunk-hec", "token"),
    SYSLOG("syslog", null),
    KAFKA("kafka", "saslPassword");

    private final String id;
    private final String secretField;

    StreamType(String id, String secretField) {
        this.id = id;
        this.secretField = secretField;
    }

    public String id() {
        return id;
    }

    /** The request field carrying this type's secret (never returned); null when it has none. */
    public String secretField() {
        return secretField;
    }

    public static Optional<StreamType> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }
}
