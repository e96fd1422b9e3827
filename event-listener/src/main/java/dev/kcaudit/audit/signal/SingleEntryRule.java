package dev.kcaudit.audit.signal;

import dev.kcaudit.audit.config.SignalSettings;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.signal.SignalHistory.Trigger;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** A rule one entry triggers on its own: each such entry raises one signal about its resource. */
abstract class SingleEntryRule implements Rule {

    /** Why the entry is a signal, or null when it is not. */
    abstract String reason(AuditEntry entry, SignalSettings settings);

    @Override
    public long quietMs(SignalSettings settings) {
        return 0;
    }

    @Override
    public Optional<Finding> judge(AuditEntry entry, SignalSettings settings, SignalHistory history,
                                   Predicate<String> quiet) {
        String reason = reason(entry, settings);
        if (reason == null) {
            return Optional.empty();
        }
        return Optional.of(new Finding(subject(entry), List.of(new Trigger(entry.id(), entry.time(),
                entry.organizations())), 1, reason, null, null));
    }

    Resource subject(AuditEntry entry) {
        return entry.resource() != null ? entry.resource() : new Resource("realm", entry.realmId(), null);
    }

    static String who(AuditEntry entry) {
        return entry.actor().username() != null ? entry.actor().username()
                : entry.actor().id() != null ? entry.actor().id() : entry.actor().type().id();
    }

    static String what(AuditEntry entry) {
        Resource r = entry.resource();
        return r == null ? "the realm" : r.type() + " " + (r.name() != null ? r.name() : r.id());
    }
}
