package dev.kcaudit.audit.signal;

import dev.kcaudit.audit.config.SignalSettings;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.SignalRule;
import java.util.Optional;
import java.util.function.Predicate;

/** One signal rule: which entries it looks at, and what it finds in one of them. */
interface Rule {

    SignalRule rule();

    /** A cheap test on the stored action id and source: whether the entry is worth reading for this rule. */
    boolean concerns(String action, String source);

    /**
     * What the entry, judged with the log before it, shows; empty when nothing. {@code quiet} tells whether the rule
     * raised a signal about a subject (by id) within {@link #quietMs} before the entry: a rule asks it before it counts,
     * and the judge drops a finding about a quiet subject.
     */
    Optional<Finding> judge(AuditEntry entry, SignalSettings settings, SignalHistory history, Predicate<String> quiet);

    /** How long after a signal about a subject the rule stays quiet about it; 0: every finding is raised. */
    default long quietMs(SignalSettings settings) {
        return settings.rule(rule()).windowMs();
    }
}
