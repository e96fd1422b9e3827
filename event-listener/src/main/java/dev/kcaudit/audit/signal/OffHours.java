package dev.kcaudit.audit.signal;

import dev.kcaudit.audit.config.SignalSettings;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Category;
import dev.kcaudit.audit.model.Outcome;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.SignalRule;
import dev.kcaudit.audit.model.Source;
import java.util.Set;

/**
 * {@code off-hours}: an administrative change (through the admin API, not a login and not a read such as an export)
 * outside the realm's business hours. One signal per admin per window: a night of changes is one thing to look at.
 */
final class OffHours extends SingleEntryRule {

    private static final Set<String> READS = Set.of(AuditAction.AUDIT_EXPORTED.id(),
            AuditAction.AUDIT_EXPORT_REQUESTED.id(), AuditAction.AUDIT_EXPORT_DOWNLOADED.id(),
            AuditAction.AUDIT_STREAM_TESTED.id());

    @Override
    public SignalRule rule() {
        return SignalRule.OFF_HOURS;
    }

    @Override
    public boolean concerns(String action, String source) {
        return Source.ADMIN_API.id().equals(source) && !READS.contains(action);
    }

    @Override
    public long quietMs(SignalSettings settings) {
        return settings.rule(rule()).windowMs();
    }

    @Override
    String reason(AuditEntry entry, SignalSettings settings) {
        Category c = entry.category();
        if (c == Category.AUTHENTICATION || c == Category.SECURITY || entry.outcome().result() != Outcome.Result.SUCCESS
                || settings.businessHours().contains(entry.time())) {
            return null;
        }
        return who(entry) + " made a change outside business hours: " + entry.action().label() + " (" + what(entry)
                + ")";
    }

    /** About the admin who made the change. */
    @Override
    Resource subject(AuditEntry entry) {
        return new Resource("user", entry.actor().id() != null ? entry.actor().id() : who(entry), who(entry));
    }
}
