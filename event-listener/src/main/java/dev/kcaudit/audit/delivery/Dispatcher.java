package dev.kcaudit.audit.delivery;

import dev.kcaudit.audit.stream.StreamSettings;
import dev.kcaudit.audit.stream.StreamStore;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * This node's stream delivery: every {@code stream-interval-ms} it lists the destinations that are due and whose
 * lease is free, and delivers each on a small pool of its own threads (never Keycloak's timer thread or a request
 * thread, so the request path does not pay for delivery). The lease in the database decides which node delivers.
 */
public final class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final KeycloakSessionFactory factory;
    private final String node;
    private final StreamSettings settings;
    private final Function<KeycloakSession, StreamStore> stores;
    private final DeliveryRun delivery;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService ticker;
    private ExecutorService workers;

    public Dispatcher(KeycloakSessionFactory factory, String node, StreamSettings settings,
                      Function<KeycloakSession, StreamStore> stores, ScopeCheck scopeCheck) {
        this.factory = factory;
        this.node = node;
        this.settings = settings;
        this.stores = stores;
        this.delivery = new DeliveryRun(factory, node, settings, stores, scopeCheck);
    }

    public synchronized void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "audit-stream-ticker"));
        workers = Executors.newFixedThreadPool(settings.threads(), r -> daemon(r, "audit-stream-delivery"));
        ticker.scheduleWithFixedDelay(this::tick, settings.intervalMs(), settings.intervalMs(), TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
            workers.shutdownNow();
        }
        KafkaProducers.closeAll();
    }

    private void tick() {
        KafkaProducers.closeIdle(System.currentTimeMillis());
        try {
            List<String> due = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                    s -> stores.apply(s).due(System.currentTimeMillis(), node));
            for (String id : due) {
                if (running.add(id)) {
                    workers.execute(() -> {
                        try {
                            delivery.run(id);
                        } catch (RuntimeException e) {
                            LOG.warnf(e, "stream %s: delivery run failed", id);
                        } finally {
                            running.remove(id);
                        }
                    });
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("log streams: listing due destinations failed: %s", e.toString());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
