package dev.kcaudit.audit.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * The security signals the log raises (docs/signals.md): each rule's id (its settings key, and its action
 * {@code signal.<id>}), its severity and its default settings. Which numbers a rule takes is fixed here, so the
 * settings parser and the console ask the rule, not a list of their own.
 */
public enum SignalRule {
    FAILED_LOGINS_USER("failed-logins-user", Severity.MEDIUM, true, 5, 10, null),
    FAILED_LOGINS_NETWORK("failed-logins-network", Severity.HIGH, true, 20, 10, null),
    SUCCESS_AFTER_FAILURES("success-after-failures", Severity.HIGH, true, 5, 10, null),
    NEW_COUNTRY("new-country", Severity.MEDIUM, true, null, null, 90),
    NEW_DEVICE("new-device", Severity.LOW, true, null, null, 90),
    ADMIN_ROLE_GRANTED("admin-role-granted", Severity.HIGH, true, null, null, null),
    SECRET_CHANGED("secret-changed", Severity.MEDIUM, true, null, null, null),
    // Off by default: business hours depend on a time zone only the realm's admins know.
    OFF_HOURS("off-hours", Severity.LOW, false, null, 60, null),
    MASS_DELETION("mass-deletion", Severity.HIGH, true, 10, 5, null),
    CAPTURE_REDUCED("capture-reduced", Severity.HIGH, true, null, null, null);

    /** OCSF's severity ids: 2 low, 3 medium, 4 high. */
    public enum Severity {
        LOW(2), MEDIUM(3), HIGH(4);

        private final int ocsfId;

        Severity(int ocsfId) {
            this.ocsfId = ocsfId;
        }

        public int ocsfId() {
            return ocsfId;
        }

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String id;
    private final Severity severity;
    private final boolean enabledByDefault;
    private final Integer threshold;
    private final Integer windowMinutes;
    private final Integer historyDays;

    /** Null numbers: the rule does not take that setting. */
    SignalRule(String id, Severity severity, boolean enabledByDefault, Integer threshold, Integer windowMinutes,
               Integer historyDays) {
        this.id = id;
        this.severity = severity;
        this.enabledByDefault = enabledByDefault;
        this.threshold = threshold;
        this.windowMinutes = windowMinutes;
        this.historyDays = historyDays;
    }

    public String id() {
        return id;
    }

    public Severity severity() {
        return severity;
    }

    public AuditAction action() {
        return AuditAction.byId("signal." + id).orElseThrow();
    }

    public boolean enabledByDefault() {
        return enabledByDefault;
    }

    public Integer defaultThreshold() {
        return threshold;
    }

    public Integer defaultWindowMinutes() {
        return windowMinutes;
    }

    public Integer defaultHistoryDays() {
        return historyDays;
    }

    public static Optional<SignalRule> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }

    public static Optional<SignalRule> byAction(AuditAction action) {
        return Arrays.stream(values()).filter(r -> r.action() == action).findFirst();
    }
}
