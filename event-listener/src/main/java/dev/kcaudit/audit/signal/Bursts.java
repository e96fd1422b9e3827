package dev.kcaudit.audit.signal;

import dev.kcaudit.audit.config.SignalSettings.RuleSettings;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.signal.SignalHistory.Match;
import dev.kcaudit.audit.signal.SignalHistory.Trigger;
import java.util.List;

/** Counting over a window: what the burst rules share. */
final class Bursts {

    /**
     * A signal links at most this many of its triggers (the newest); its count says how many there were, up to the
     * larger of the threshold and this.
     */
    static final int LINKED = 100;

    private Bursts() {
    }

    /** The matching entries in the window ending at the entry: enough to reach the threshold and to link. */
    static List<Trigger> within(SignalHistory history, Match match, AuditEntry entry, RuleSettings s) {
        return history.matching(match, entry.time() - s.windowMs(), entry.time(), Math.max(s.threshold(), LINKED));
    }

    static String name(Resource subject) {
        return subject.name() != null ? subject.name() : subject.id();
    }
}
