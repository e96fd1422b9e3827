package dev.kcaudit.audit.signal;

import dev.kcaudit.audit.config.SignalSettings;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Change;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.SignalRule;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code capture-reduced}: the audit listener removed from the realm, a captured category switched off, or signals or
 * a signal rule switched off: from then on the log misses, or stops pointing at, what it used to (the entries
 * {@code audit.capture.disabled}, {@code audit.capture.category.removed} and {@code audit.config.updated} are written
 * before the change takes effect). A settings change that switches the rules off is judged whatever the new settings
 * say ({@link SignalJudge}).
 */
final class CaptureReduced extends SingleEntryRule {

    static final String SETTINGS = AuditAction.AUDIT_CONFIG_UPDATED.id();
    private static final Set<String> ACTIONS = Set.of(AuditAction.AUDIT_CAPTURE_DISABLED.id(),
            AuditAction.AUDIT_CAPTURE_CATEGORY_REMOVED.id(), SETTINGS);
    private static final Pattern SWITCH = Pattern.compile("signals\\.(enabled|rules\\.[a-z-]+\\.enabled)");

    @Override
    public SignalRule rule() {
        return SignalRule.CAPTURE_REDUCED;
    }

    @Override
    public boolean concerns(String action, String source) {
        return ACTIONS.contains(action);
    }

    @Override
    String reason(AuditEntry entry, SignalSettings settings) {
        if (entry.action() == AuditAction.AUDIT_CAPTURE_DISABLED) {
            return who(entry) + " turned the audit log's capture off";
        }
        if (entry.action() == AuditAction.AUDIT_CONFIG_UPDATED) {
            List<String> off = entry.changes().stream().filter(c -> SWITCH.matcher(c.field()).matches()
                    && "true".equals(c.oldValue()) && "false".equals(c.newValue())).map(Change::field).toList();
            return off.isEmpty() ? null : who(entry) + " switched off " + String.join(", ", off);
        }
        Object categories = entry.details().get("categories");
        return who(entry) + " stopped capturing " + (categories instanceof java.util.Collection<?> c
                ? String.join(", ", c.stream().map(String::valueOf).toList()) : "a category");
    }

    @Override
    Resource subject(AuditEntry entry) {
        return new Resource("realm", entry.realmId(), null);
    }
}
