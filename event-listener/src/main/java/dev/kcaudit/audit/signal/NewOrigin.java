package dev.kcaudit.audit.signal;

import dev.kcaudit.audit.config.SignalSettings;
import dev.kcaudit.audit.config.SignalSettings.RuleSettings;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Origin;
import dev.kcaudit.audit.model.SignalRule;
import dev.kcaudit.audit.signal.SignalHistory.Trigger;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@code new-country} and {@code new-device}: a successful login from a country, or on a device, that none of the
 * user's successful logins of the last N days came from, while at least one of them tells where it came from (a
 * user's first login is no news). A device is its kind, operating system and browser, without versions: a browser
 * update is not a new device.
 */
final class NewOrigin implements Rule {

    /** How many of the user's latest logins are compared; beyond them a place counts as new again. */
    static final int COMPARED = 200;
    static final int FIRST_LOOK = 20;

    private final SignalRule rule;
    private final Function<Origin, String> place;

    private NewOrigin(SignalRule rule, Function<Origin, String> place) {
        this.rule = rule;
        this.place = place;
    }

    static NewOrigin country() {
        return new NewOrigin(SignalRule.NEW_COUNTRY, Origin::country);
    }

    static NewOrigin device() {
        return new NewOrigin(SignalRule.NEW_DEVICE, NewOrigin::deviceOf);
    }

    @Override
    public SignalRule rule() {
        return rule;
    }

    @Override
    public boolean concerns(String action, String source) {
        return AuditAction.LOGIN.id().equals(action);
    }

    /** Each new place is news once: the next login from there finds this one. */
    @Override
    public long quietMs(SignalSettings settings) {
        return 0;
    }

    @Override
    public Optional<Finding> judge(AuditEntry entry, SignalSettings settings, SignalHistory history,
                                   Predicate<String> quiet) {
        String userId = Logins.userId(entry);
        String here = entry.origin() == null ? null : place.apply(entry.origin());
        if (userId == null || here == null) {
            return Optional.empty();
        }
        RuleSettings s = settings.rule(rule);
        // Most logins come from where the last ones came from: the latest few usually settle it in one short read.
        List<Origin> recent = history.loginOrigins(entry.realmId(), userId, entry.time() - s.historyMs(),
                entry.time(), entry.id(), FIRST_LOOK);
        List<String> before = places(recent);
        if (!before.contains(here) && recent.size() == FIRST_LOOK) {
            before = places(history.loginOrigins(entry.realmId(), userId, entry.time() - s.historyMs(), entry.time(),
                    entry.id(), COMPARED));
        }
        if (before.isEmpty() || before.contains(here)) {
            return Optional.empty();
        }
        String what = rule == SignalRule.NEW_COUNTRY ? "from " + here : "on " + here;
        return Optional.of(new Finding(entry.resource(), List.of(new Trigger(entry.id(), entry.time(),
                entry.organizations())), 1, Bursts.name(entry.resource()) + " logged in " + what + " for the first time"
                + " in " + s.historyDays() + " days", null, null));
    }

    private List<String> places(List<Origin> origins) {
        return origins.stream().map(place).filter(java.util.Objects::nonNull).toList();
    }

    /** "Firefox on Linux (desktop)": family names only; null when the agent told nothing. */
    static String deviceOf(Origin o) {
        if (o.browser() == null && o.os() == null && o.device() == null) {
            return null;
        }
        return family(o.browser()) + " on " + family(o.os()) + " (" + (o.device() == null ? "?" : o.device()) + ")";
    }

    private static String family(String named) {
        return named == null ? "?" : named.replaceFirst("\\s+[\\d.]+$", "");
    }
}
