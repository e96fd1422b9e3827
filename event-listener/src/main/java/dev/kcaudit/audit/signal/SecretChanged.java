package dev.kcaudit.audit.signal;

import dev.kcaudit.audit.config.SignalSettings;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Outcome;
import dev.kcaudit.audit.model.SignalRule;
import java.util.Collection;
import java.util.Set;

/**
 * {@code secret-changed}: a client secret rotated or revoked, the realm's keys changed, or a credential set on an
 * identity provider, a client, a component (LDAP bind credential) or the realm's SMTP server (capture names the fields
 * in {@code details.sensitiveFieldsChanged}, never their values).
 */
final class SecretChanged extends SingleEntryRule {

    private static final Set<AuditAction> ALWAYS = Set.of(AuditAction.CLIENT_SECRET_ROTATED,
            AuditAction.CLIENT_SECRET_REVOKED, AuditAction.REALM_KEYS_CHANGED);
    private static final Set<String> ACTIONS = Set.of(AuditAction.CLIENT_SECRET_ROTATED.id(),
            AuditAction.CLIENT_SECRET_REVOKED.id(), AuditAction.REALM_KEYS_CHANGED.id(), AuditAction.IDP_CREATED.id(),
            AuditAction.IDP_UPDATED.id(), AuditAction.CLIENT_CREATED.id(), AuditAction.CLIENT_UPDATED.id(),
            AuditAction.COMPONENT_CHANGED.id(), AuditAction.USER_FEDERATION_CHANGED.id(),
            AuditAction.REALM_UPDATED.id());

    @Override
    public SignalRule rule() {
        return SignalRule.SECRET_CHANGED;
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
        if (ALWAYS.contains(entry.action())) {
            return who(entry) + ": " + entry.action().label().toLowerCase(java.util.Locale.ROOT) + " (" + what(entry)
                    + ")";
        }
        if (entry.details().get("sensitiveFieldsChanged") instanceof Collection<?> fields && !fields.isEmpty()) {
            return who(entry) + " set " + String.join(", ", fields.stream().map(String::valueOf).toList()) + " of "
                    + what(entry);
        }
        return null;
    }
}
