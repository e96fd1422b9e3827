package dev.kcaudit.audit.signal;

import dev.kcaudit.audit.config.SignalSettings;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Outcome;
import dev.kcaudit.audit.model.SignalRule;
import dev.kcaudit.audit.model.Change;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
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
            AuditAction.COMPOSITE_GRANTED.id(), AuditAction.GROUP_MEMBER_ADDED.id(), AuditAction.ORG_UPDATED.id());
    /** Keycloak 26.4 and 26.5 name an organization's audit admins in its attribute of that name. */
    private static final String ADMINS_ATTRIBUTE = "attributes.audit-admins";
    private static final Pattern ID = Pattern.compile("[0-9a-fA-F-]{36}");
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
        if (entry.action() == AuditAction.ORG_UPDATED) {
            return entry.changes().stream().filter(c -> c.field().equals(ADMINS_ATTRIBUTE)
                            || c.field().startsWith(ADMINS_ATTRIBUTE + "[")).map(AdminRoleGranted::added)
                    .filter(ids -> !ids.isEmpty()).findFirst()
                    .map(ids -> who(entry) + " made " + String.join(", ", ids) + " audit admins of " + what(entry))
                    .orElse(null);
        }
        // Only an organization's own groups (changed through the organization API) make audit admins.
        if (entry.action() == AuditAction.GROUP_MEMBER_ADDED && AUDIT_ADMINS.equals(entry.details().get("group"))
                && !entry.organizations().isEmpty()
                && String.valueOf(entry.details().get("resourcePath")).startsWith("organizations/")) {
            return who(entry) + " added " + what(entry) + " to " + AUDIT_ADMINS + " of "
                    + entry.organizations().get(0).name();
        }
        return null;
    }

    /** The user ids a change adds. */
    private static List<String> added(Change c) {
        List<String> before = ids(c.oldValue());
        return ids(c.newValue()).stream().filter(id -> !before.contains(id)).toList();
    }

    private static List<String> ids(String value) {
        return value == null ? List.of() : ID.matcher(value).results().map(m -> m.group()).toList();
    }
}
