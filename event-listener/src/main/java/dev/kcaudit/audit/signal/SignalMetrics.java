package dev.kcaudit.audit.signal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import org.jboss.logging.Logger;

/**
 * What judging costs, in Micrometer's global registry (Keycloak's {@code :9000/metrics} with
 * {@code --metrics-enabled=true}): {@code keycloak_audit_signals_sequenced_entries_total} (entries the sequencer
 * numbered), {@code keycloak_audit_signals_judged_entries_total} (those a rule had to read),
 * {@code keycloak_audit_signals_judge_seconds_total} (time spent judging, reads included) and
 * {@code keycloak_audit_signals_raised_total} (by {@code rule}). A pass that rolls back still counts its time: the
 * figures measure work done. The benchmark divides them (docs/benchmarks.md).
 */
public final class SignalMetrics {

    private static final Logger LOG = Logger.getLogger(SignalMetrics.class);
    private static volatile boolean enabled = true;

    private SignalMetrics() {
    }

    /** One sequencing pass: entries numbered, entries judged, nanoseconds spent, and the rules of the signals raised. */
    public static void pass(int sequenced, int judged, long nanos, Iterable<String> raisedRules) {
        if (!enabled) {
            return;
        }
        try {
            Counter.builder("keycloak.audit.signals.sequenced.entries").description("Entries sequenced")
                    .register(Metrics.globalRegistry).increment(sequenced);
            Counter.builder("keycloak.audit.signals.judged.entries").description("Entries the signal rules read")
                    .register(Metrics.globalRegistry).increment(judged);
            Counter.builder("keycloak.audit.signals.judge.seconds").description("Time spent judging entries")
                    .baseUnit("seconds").register(Metrics.globalRegistry).increment(nanos / 1e9);
            for (String rule : raisedRules) {
                Counter.builder("keycloak.audit.signals.raised").description("Signals raised").tag("rule", rule)
                        .register(Metrics.globalRegistry).increment();
            }
        } catch (LinkageError e) {
            enabled = false;
            LOG.info("Micrometer is not available: signal metrics are off");
        }
    }
}
