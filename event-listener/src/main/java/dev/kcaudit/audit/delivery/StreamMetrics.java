package dev.kcaudit.audit.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Per-destination meters in Micrometer's global registry, which Keycloak's metrics endpoint
 * ({@code --metrics-enabled=true}, {@code :9000/metrics}) publishes as Keycloak's own meters are:
 * {@code keycloak_audit_stream_delivered_total}, {@code keycloak_audit_stream_failed_total} (attempts) and
 * {@code keycloak_audit_stream_lag_seconds} (age of the oldest entry not yet delivered, as this node last saw it),
 * tagged {@code realm} and {@code stream} (the id). Without Micrometer on the class path they are left out.
 */
final class StreamMetrics {

    private static final Logger LOG = Logger.getLogger(StreamMetrics.class);
    private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();
    private volatile boolean enabled = true;

    void delivered(String realm, String stream, int entries) {
        run(() -> counter("keycloak.audit.stream.delivered", "Entries delivered", realm, stream).increment(entries));
    }

    void failed(String realm, String stream) {
        run(() -> counter("keycloak.audit.stream.failed", "Failed delivery attempts", realm, stream).increment());
    }

    void lag(String realm, String stream, long seconds) {
        run(() -> lag.computeIfAbsent(stream, id -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("keycloak.audit.stream.lag.seconds", value, AtomicLong::get)
                    .description("Age of the oldest entry the stream has not delivered yet").baseUnit("seconds")
                    .tag("realm", realm).tag("stream", id).register(registry());
            return value;
        }).set(seconds));
    }

    private static Counter counter(String name, String description, String realm, String stream) {
        return Counter.builder(name).description(description).tag("realm", realm).tag("stream", stream)
                .register(registry());
    }

    private static MeterRegistry registry() {
        return Metrics.globalRegistry;
    }

    private void run(Runnable meter) {
        if (!enabled) {
            return;
        }
        try {
            meter.run();
        } catch (LinkageError e) {
            enabled = false;
            LOG.info("Micrometer is not available: log stream metrics are off");
        }
    }
}
