package dev.kcaudit.audit.signal;

import dev.kcaudit.audit.config.SignalSettings;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.SignalRule;
import java.util.Set;

/**
 * {@code capture-reduced}: the audit listener removed from the realm, or a captured category switched off: from then
 * on the log misses what it used to record (the entries {@code audit.capture.disabled} and
 * {@code audit.capture.category.removed} are written before capture stops).
 */
final class CaptureReduced extends SingleEntryRule {

    private static final Set<String> ACTIONS = Set.of(AuditAction.AUDIT_CAPTURE_DISABLED.id(),
            AuditAction.AUDIT_CAPTURE_CATEGORY_REMOVED.id());

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
        Object categories = entry.details().get("categories");
        return who(entry) + " stopped capturing " + (categories instanceof java.util.Collection<?> c
                ? String.join(", ", c.stream().map(String::valueOf).toList()) : "a category");
    }

    @Override
    Resource subject(AuditEntry entry) {
        return new Resource("realm", entry.realmId(), null);
    }
}
