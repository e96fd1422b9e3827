package dev.kcaudit.audit.signal;

import dev.kcaudit.audit.config.SignalSettings;
import dev.kcaudit.audit.config.SignalSettings.RuleSettings;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.SignalRule;
import dev.kcaudit.audit.signal.SignalHistory.Match;
import dev.kcaudit.audit.signal.SignalHistory.Trigger;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.Set;

/**
 * {@code failed-logins-user}: at least N failed logins for one user within M minutes, counted over the window that
 * ends at each failure. A name that is no user (a guessed username) counts as its own subject.
 */
final class FailedLoginBurst implements Rule {

    static final Set<AuditAction> FAILURES = Set.of(AuditAction.LOGIN_FAILED);

    @Override
    public SignalRule rule() {
        return SignalRule.FAILED_LOGINS_USER;
    }

    @Override
    public boolean concerns(String action, String source) {
        return AuditAction.LOGIN_FAILED.id().equals(action);
    }

    @Override
    public Optional<Finding> judge(AuditEntry entry, SignalSettings settings, SignalHistory history,
                                   Predicate<String> quiet) {
        RuleSettings s = settings.rule(rule());
        Resource subject;
        Match match;
        if (entry.resource() != null && "user".equals(entry.resource().type()) && entry.resource().id() != null) {
            subject = entry.resource();
            match = new Match(entry.realmId(), FAILURES, subject.id(), null, null, null);
        } else if (entry.actor().username() != null) {
            String name = entry.actor().username();
            subject = new Resource("username", name, name);
            match = new Match(entry.realmId(), FAILURES, null, name, null, null);
        } else {
            return Optional.empty();
        }
        if (quiet.test(subject.id())) {
            return Optional.empty();
        }
        List<Trigger> failures = Bursts.within(history, match, entry, s);
        if (failures.size() < s.threshold()) {
            return Optional.empty();
        }
        return Optional.of(new Finding(subject, failures, failures.size(), failures.size() + " failed logins for "
                + Bursts.name(subject) + " within " + s.windowMinutes() + " minutes", s.threshold(),
                s.windowMinutes()));
    }
}
