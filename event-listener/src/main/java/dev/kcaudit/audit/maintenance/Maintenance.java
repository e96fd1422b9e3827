package dev.kcaudit.audit.maintenance;

import dev.kcaudit.audit.access.StreamScope;
import dev.kcaudit.audit.capture.CaptureSwitch;
import dev.kcaudit.audit.delivery.Dispatcher;
import dev.kcaudit.audit.export.job.ExportJobRunner;
import dev.kcaudit.audit.integrity.FullCheck;
import dev.kcaudit.audit.integrity.Purger;
import dev.kcaudit.audit.integrity.Sealer;
import dev.kcaudit.audit.scrub.Scrub;
import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.store.RateLimits;
import dev.kcaudit.audit.stream.StreamSettings;
import dev.kcaudit.audit.stream.StreamStore;
import java.lang.management.ManagementFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.services.scheduled.ScheduledTaskRunner;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.timer.TimerProvider;

/**
 * The audit log's background work on this node: the export-job runner, and the tasks the timer runs. Tasks that
 * must happen once per cluster go through Keycloak's {@link ClusterAwareScheduledTaskRunner}; each also takes a
 * database lock of its own, so even nodes that do not share a cache never do the same work twice.
 */
public final class Maintenance {

    private static final int SEQUENCE_BATCH = 5_000;
    private static final int FACET_REBUILD_SECONDS = 6 * 3600;

    /** Settings, from the store provider's config ({@code --spi-audit-store--jpa--…}). */
    public record Settings(long intervalMs, long sequenceIntervalMs, long exportStaleAfterMs, int exportThreads) {
    }

    private final Settings settings;
    private final ExportJobRunner exports;
    private final Dispatcher streams;
    /**
     * Full verify checks (docs/integrity.md): a thread each, at most one per realm (the claim sees to that), so a
     * claimed check never waits in a queue without a heartbeat, looking abandoned.
     */
    private final ExecutorService fullChecks = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "audit-log-verify");
        t.setDaemon(true);
        return t;
    });
    private final KeycloakSessionFactory factory;

    public Maintenance(KeycloakSessionFactory factory, Settings settings) {
        this.settings = settings;
        this.factory = factory;
        this.exports = new ExportJobRunner(factory, nodeName(), settings.exportStaleAfterMs(),
                settings.exportThreads());
        this.streams = new Dispatcher(factory, nodeName(), StreamSettings.current(),
                s -> s.getProvider(StreamStore.class), new StreamScope());
    }

    public ExportJobRunner exports() {
        return exports;
    }

    /**
     * Claims the realm's full check (in the caller's transaction, committed before the check's first step reads the
     * claim back) and queues it here.
     */
    public boolean startFullCheck(KeycloakSession session, RealmModel realm) {
        if (!FullCheck.claim(session, realm, nodeName())) {
            return false;
        }
        String realmId = realm.getId();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                fullChecks.execute(() -> FullCheck.run(factory, realmId, nodeName()));
            }

            @Override
            protected void rollbackImpl() {
            }
        });
        return true;
    }

    /** Starts the timer tasks; called once the database is migrated. */
    public void start(KeycloakSessionFactory factory) {
        KeycloakModelUtils.runJobInTransaction(factory, Scrub::currentIfEmpty);
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            TimerProvider timer = session.getProvider(TimerProvider.class);
            once(timer, factory, "audit-log-export-jobs", exports::maintain);
            once(timer, factory, "audit-log-sealer", Sealer::run);
            once(timer, factory, "audit-log-retention", Purger::run);
            once(timer, factory, "audit-log-capture-switches", CaptureSwitch::reconcile);
            once(timer, factory, "audit-log-rate-limits", s -> s.getProvider(RateLimits.class)
                    .forget(System.currentTimeMillis() - 3_600_000L));
            once(timer, factory, "audit-log-scrub", Scrub::run);
            // Its own transaction: a rebuild over tens of millions of entries outlasts Keycloak's default timeout.
            once(timer, factory, "audit-log-facets", s -> KeycloakModelUtils.runJobInTransactionWithTimeout(factory,
                    t -> t.getProvider(AuditStore.class).rebuildFacetsIfDue(), FACET_REBUILD_SECONDS));
            // Every node numbers committed entries; the lock row makes them take turns, and the feed does not wait
            // for whichever node the cluster-once runner would pick.
            timer.schedule(new ScheduledTaskRunner(factory, named("audit-log-sequencer",
                    s -> s.getProvider(AuditStore.class).sequence(SEQUENCE_BATCH))), settings.sequenceIntervalMs(),
                    "audit-log-sequencer");
        });
        streams.start();
    }

    public void stop() {
        exports.shutdown();
        fullChecks.shutdownNow();
        streams.stop();
    }

    private void once(TimerProvider timer, KeycloakSessionFactory factory, String name, ScheduledTask task) {
        timer.schedule(new ClusterAwareScheduledTaskRunner(factory, named(name, task), settings.intervalMs()),
                settings.intervalMs(), name);
    }

    private static ScheduledTask named(String name, ScheduledTask task) {
        return new ScheduledTask() {
            @Override
            public void run(org.keycloak.models.KeycloakSession session) {
                task.run(session);
            }

            @Override
            public String getTaskName() {
                return name;
            }
        };
    }

    /** This JVM, as shown in a job's {@code node}: host name and process id. */
    private static String nodeName() {
        return ManagementFactory.getRuntimeMXBean().getName();
    }
}
