package dev.kcaudit.audit.signal;

import dev.kcaudit.audit.config.SignalSettings;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Outcome;
import dev.kcaudit.audit.model.SignalRule;
import java.util.Collection;
import java.util.Set;

/**
 * {@code admin-role-granted}: administrative power given. Capture names the privileged roles of a role mapping, a
 * composite or a joined group in {@code details.privilegedRoles} (realm-management's roles, which include
 * {@code realm-admin} and the audit roles {@code view-events} and {@code manage-events}; the master realm's
 * {@code admin} and its realms' management clients). Joining an organization's or a team's {@code audit-admins} group
 * makes an audit admin, so it counts too.
 */
final class AdminRoleGranted extends SingleEntryRule {

    private static final Set<String> ACTIONS = Set.of(AuditAction.ROLE_ASSIGNED.id(),
            AuditAction.COMPOSITE_GRANTED.id(), AuditAction.GROUP_MEMBER_ADDED.id());
    static final String AUDIT_ADMINS = "audit-admins";

    @Override
    public SignalRule rule() {
        return SignalRule.ADMIN_ROLE_GRANTED;
    }

    @Override
    public boolean concerns(String action, String source) {
        return ACTIONS.contains(action);
    }

    @Override
    String reason(AuditEntry entry, SignalSettings settings) {
        if (entry.outcome().result() != Outcome.Result.SUCCESS) {
            return null;
        }
        if (entry.details().get("privilegedRoles") instanceof Collection<?> roles && !roles.isEmpty()) {
            return who(entry) + " granted " + String.join(", ", roles.stream().map(String::valueOf).toList()) + " to "
                    + what(entry);
        }
        if (entry.action() == AuditAction.GROUP_MEMBER_ADDED && AUDIT_ADMINS.equals(entry.details().get("group"))
                && !entry.organizations().isEmpty()) {
            return who(entry) + " added " + what(entry) + " to " + AUDIT_ADMINS + " of "
                    + entry.organizations().get(0).name();
        }
        return null;
    }
}
