package dev.kcaudit.audit.signal;

import dev.kcaudit.audit.config.SignalSettings;
import dev.kcaudit.audit.config.SignalSettings.RuleSettings;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Outcome;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.SignalRule;
import dev.kcaudit.audit.signal.SignalHistory.Match;
import dev.kcaudit.audit.signal.SignalHistory.Trigger;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code mass-deletion}: at least N deletions or disablings (users, clients, groups, roles, organizations, identity
 * providers, SCIM deprovisioning) by one actor within M minutes.
 */
final class MassDeletion implements Rule {

    static final Set<AuditAction> REMOVALS = Set.of(AuditAction.USER_DELETED, AuditAction.USER_DISABLED,
            AuditAction.CLIENT_DELETED, AuditAction.GROUP_DELETED, AuditAction.ROLE_DELETED, AuditAction.ORG_DELETED,
            AuditAction.IDP_DELETED, AuditAction.SCIM_USER_DEPROVISIONED, AuditAction.SCIM_GROUP_DELETED);
    private static final Set<String> IDS = REMOVALS.stream().map(AuditAction::id).collect(Collectors.toSet());

    @Override
    public SignalRule rule() {
        return SignalRule.MASS_DELETION;
    }

    @Override
    public boolean concerns(String action, String source) {
        return IDS.contains(action);
    }

    @Override
    public Optional<Finding> judge(AuditEntry entry, SignalSettings settings, SignalHistory history,
                                   Predicate<String> quiet) {
        if (entry.actor().id() == null || entry.outcome().result() != Outcome.Result.SUCCESS
                || quiet.test(entry.actor().id())) {
            return Optional.empty();
        }
        RuleSettings s = settings.rule(rule());
        List<Trigger> removals = Bursts.within(history,
                new Match(entry.realmId(), REMOVALS, null, null, entry.actor().id(), null), entry, s);
        if (removals.size() < s.threshold()) {
            return Optional.empty();
        }
        String who = SingleEntryRule.who(entry);
        return Optional.of(new Finding(new Resource("user", entry.actor().id(), who), removals, removals.size(),
                who + " deleted or disabled " + removals.size() + " resources within " + s.windowMinutes()
                        + " minutes", s.threshold(), s.windowMinutes()));
    }
}
