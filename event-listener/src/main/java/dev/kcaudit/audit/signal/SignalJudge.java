package dev.kcaudit.audit.signal;

import dev.kcaudit.audit.config.SignalSettings;
import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Category;
import dev.kcaudit.audit.model.OrganizationRef;
import dev.kcaudit.audit.model.OrganizationRefs;
import dev.kcaudit.audit.model.Outcome;
import dev.kcaudit.audit.model.SignalRule;
import dev.kcaudit.audit.model.Source;
import dev.kcaudit.audit.signal.SignalHistory.Trigger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Judges entries by the signal rules, once each: the store calls it for the entries a sequencing pass numbers, in the
 * pass's transaction, so a pass that rolls back (a crash, a lost race) leaves its entries to be judged again by the
 * next, and no entry is judged by two nodes (docs/signals.md). One judge serves one pass.
 */
public final class SignalJudge {

    static final List<Rule> RULES = List.of(new FailedLoginBurst(), new NetworkFailedLoginBurst(),
            new SuccessAfterFailures(), NewOrigin.country(), NewOrigin.device(), new AdminRoleGranted(),
            new SecretChanged(), new OffHours(), new MassDeletion(), new CaptureReduced());

    private final SignalHistory history;
    private final Function<String, SignalSettings> settings;
    private final LongSupplier clock;
    private final Map<String, SignalSettings> settingsOfPass = new HashMap<>();
    /** Signals raised in this pass, not yet visible to the history: subject key to the last trigger's time. */
    private final Map<String, Long> raised = new HashMap<>();

    /** {@code settings}: a realm's settings by realm id (null for a realm that is gone). */
    public SignalJudge(SignalHistory history, Function<String, SignalSettings> settings, LongSupplier clock) {
        this.history = history;
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether an entry of this stored action and source may raise a signal: the others are not even read. */
    public boolean concerns(String realmId, String action, String source) {
        SignalSettings s = settingsOf(realmId);
        if (s == null || action.startsWith("signal.")) {
            return false;
        }
        for (Rule rule : RULES) {
            if (judges(s, rule, action) && rule.concerns(action, source)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the settings have the rule judge this action. Turning signals or a rule off is itself judged by
     * {@code capture-reduced}, whatever the settings now say: the change that silences the rules is the one to see.
     */
    private static boolean judges(SignalSettings s, Rule rule, String action) {
        return s.judges(rule.rule()) || rule instanceof CaptureReduced && CaptureReduced.SETTINGS.equals(action);
    }

    /** The signals the entry raises (new entries, to be saved in the same transaction). */
    public List<AuditEntry> judge(AuditEntry entry) {
        SignalSettings s = settingsOf(entry.realmId());
        if (s == null || entry.category() == Category.SECURITY) {
            return List.of();
        }
        String action = entry.action().id();
        String source = entry.source() == null ? null : entry.source().id();
        List<AuditEntry> signals = new ArrayList<>();
        for (Rule rule : RULES) {
            if (!judges(s, rule, action) || !rule.concerns(action, source)) {
                continue;
            }
            Predicate<String> quiet = subject -> quiet(rule, s, entry, subject);
            rule.judge(entry, s, history, quiet).filter(f -> !quiet.test(f.subject().id())).ifPresent(f -> {
                signals.add(signal(rule.rule(), entry, f));
                raised.put(key(rule, entry, f.subject().id()), entry.time());
            });
        }
        return signals;
    }

    /** Whether the rule raised a signal about the subject for triggers within its quiet window before the entry. */
    private boolean quiet(Rule rule, SignalSettings s, AuditEntry entry, String subject) {
        long quietMs = rule.quietMs(s);
        if (quietMs <= 0 || subject == null) {
            return false;
        }
        long since = entry.time() - quietMs;
        Long last = raised.get(key(rule, entry, subject));
        return last != null && last >= since
                || history.raised(entry.realmId(), rule.rule().action(), subject, since);
    }

    private static String key(Rule rule, AuditEntry entry, String subject) {
        return entry.realmId() + "\n" + rule.rule().id() + "\n" + subject;
    }

    private AuditEntry signal(SignalRule rule, AuditEntry entry, Finding f) {
        List<Trigger> triggers = f.triggers().subList(0, Math.min(f.triggers().size(), Bursts.LINKED));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rule", rule.id());
        details.put("severity", rule.severity().id());
        details.put("count", f.count());
        if (f.threshold() != null) {
            details.put("threshold", f.threshold());
        }
        if (f.windowMinutes() != null) {
            details.put("windowMinutes", f.windowMinutes());
        }
        details.put("triggers", triggers.stream().map(Trigger::id).toList());
        details.put("firstTime", f.triggers().stream().mapToLong(Trigger::time).min().orElse(entry.time()));
        details.put("lastTime", f.triggers().stream().mapToLong(Trigger::time).max().orElse(entry.time()));
        details.put("reason", f.reason());
        return new AuditEntry(UUID.randomUUID().toString(), Math.max(clock.getAsLong(), entry.time()),
                entry.realmId(), scope(f.triggers()), rule.action(), Outcome.success(), Actor.system(), f.subject(),
                List.of(), null, null, Source.SYSTEM, details);
    }

    /**
     * Scoped like its triggers, all of them (the count and the reason speak of every one, linked or not): an
     * organization or team sees the signal only if it sees each trigger.
     */
    private List<OrganizationRef> scope(List<Trigger> triggers) {
        List<String> unread = triggers.stream().filter(t -> t.organizations() == null).map(Trigger::id).toList();
        Map<String, List<OrganizationRef>> read = unread.isEmpty() ? Map.of() : history.organizations(unread);
        return OrganizationRefs.common(triggers.stream().map(t -> t.organizations() != null ? t.organizations()
                : read.getOrDefault(t.id(), List.of())).toList());
    }

    private SignalSettings settingsOf(String realmId) {
        if (!settingsOfPass.containsKey(realmId)) {
            settingsOfPass.put(realmId, settings.apply(realmId)); // null for a realm that is gone, remembered too
        }
        return settingsOfPass.get(realmId);
    }
}
