package dev.kcaudit.audit.signal;

import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.signal.SignalHistory.Trigger;
import java.util.List;

/**
 * What a rule found: the signal's subject, the entries that triggered it (newest first), how many there were (the
 * linked ones may be fewer) and a sentence saying why.
 * {@code threshold} and {@code windowMinutes} are the counting rules' settings, null for the others.
 */
record Finding(Resource subject, List<Trigger> triggers, int count, String reason, Integer threshold,
               Integer windowMinutes) {
}
