package dev.kcaudit.audit.signal;

import dev.kcaudit.audit.config.SignalSettings;
import dev.kcaudit.audit.config.SignalSettings.RuleSettings;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.SignalRule;
import dev.kcaudit.audit.signal.SignalHistory.Match;
import dev.kcaudit.audit.signal.SignalHistory.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** {@code success-after-failures}: a user's successful login after at least N failed ones within M minutes. */
final class SuccessAfterFailures implements Rule {

    @Override
    public SignalRule rule() {
        return SignalRule.SUCCESS_AFTER_FAILURES;
    }

    @Override
    public boolean concerns(String action, String source) {
        return AuditAction.LOGIN.id().equals(action);
    }

    @Override
    public Optional<Finding> judge(AuditEntry entry, SignalSettings settings, SignalHistory history,
                                   Predicate<String> quiet) {
        String userId = Logins.userId(entry);
        if (userId == null) {
            return Optional.empty();
        }
        RuleSettings s = settings.rule(rule());
        // Most logins come when nobody failed much: fewer failures in the whole realm than the threshold settle it
        // with one short read, whoever logs in and however often.
        if (Bursts.within(history, new Match(entry.realmId(), FailedLoginBurst.FAILURES, null, null, null, null),
                entry, s).size() < s.threshold()) {
            return Optional.empty();
        }
        if (quiet.test(userId)) {
            return Optional.empty();
        }
        List<Trigger> failures = Bursts.within(history,
                new Match(entry.realmId(), FailedLoginBurst.FAILURES, userId, null, null, null), entry, s);
        if (failures.size() < s.threshold()) {
            return Optional.empty();
        }
        List<Trigger> triggers = new ArrayList<>();
        triggers.add(new Trigger(entry.id(), entry.time(), entry.organizations()));
        triggers.addAll(failures);
        return Optional.of(new Finding(entry.resource(), triggers, failures.size(), Bursts.name(entry.resource())
                + " logged in after " + failures.size() + " failed logins within " + s.windowMinutes() + " minutes",
                s.threshold(), s.windowMinutes()));
    }
}
