package dev.kcaudit.audit.delivery;

import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.stream.Attempt;
import dev.kcaudit.audit.stream.Stream;
import dev.kcaudit.audit.stream.StreamKeys;
import dev.kcaudit.audit.stream.StreamSecrets;
import dev.kcaudit.audit.stream.StreamSettings;
import dev.kcaudit.audit.stream.StreamState;
import dev.kcaudit.audit.stream.StreamStore;
import dev.kcaudit.audit.stream.send.Batch;
import dev.kcaudit.audit.stream.send.Result;
import dev.kcaudit.audit.stream.send.Sender;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Delivers one destination while this node holds its lease: read the next batch after the position (in its own
 * transaction, up to the highest sequence number given, as the feed reads), send it with no transaction open, then
 * move the position only if this node still holds the lease and nobody moved it. A crash between sending and
 * moving re-sends that batch: the only duplicates there are (docs/streams.md).
 */
final class DeliveryRun {

    private static final Logger LOG = Logger.getLogger(DeliveryRun.class);
    static final int KEEP_ATTEMPTS = 100;

    /** A batch ready to send, read under the lease. */
    private record Prepared(Stream stream, StreamState state, Batch batch, long firstSeq, long lastSeq,
                            long nextPosition, Sender sender) {
    }

    private final KeycloakSessionFactory factory;
    private final String node;
    private final StreamSettings settings;
    private final Function<KeycloakSession, StreamStore> stores;
    private final ScopeCheck scopeCheck;
    private final StreamMetrics metrics = new StreamMetrics();

    DeliveryRun(KeycloakSessionFactory factory, String node, StreamSettings settings,
                Function<KeycloakSession, StreamStore> stores, ScopeCheck scopeCheck) {
        this.factory = factory;
        this.node = node;
        this.settings = settings;
        this.stores = stores;
        this.scopeCheck = scopeCheck;
    }

    void run(String id) {
        long started = System.currentTimeMillis();
        if (!inTx(s -> stores.apply(s).lease(id, node, started, started + settings.leaseMs()))) {
            return;
        }
        try {
            // Full batches follow each other at once; the lease is renewed with each, and given back after half of it.
            while (System.currentTimeMillis() - started < settings.leaseMs() / 2) {
                Prepared p;
                try {
                    p = inTx(s -> prepare(s, id));
                } catch (RuntimeException e) {
                    failed(id, null, null, e.getMessage() == null ? e.toString() : e.getMessage(), null, 0, -1, -1);
                    return;
                }
                if (p == null || !send(id, p)) {
                    return;
                }
            }
        } finally {
            inTx(s -> {
                stores.apply(s).release(id, node);
                return null;
            });
        }
    }

    /** The next batch, or null when there is nothing to send now (skipped positions are moved here). */
    private Prepared prepare(KeycloakSession session, String id) {
        StreamStore streams = stores.apply(session);
        StreamStore.Stored stored = streams.get(null, id).orElse(null);
        if (stored == null || stored.stream().paused()) {
            return null;
        }
        Stream stream = stored.stream();
        RealmModel realm = session.realms().getRealm(stream.realmId());
        if (realm == null) {
            return null;
        }
        session.getContext().setRealm(realm);
        Set<String> scope = stream.scope();
        if (scope != null && !scopeCheck.stillAdministers(session, realm, stream.createdBy(), scope)) {
            throw new IllegalStateException("The organization admin who created this stream no longer administers"
                    + " its organizations; a realm auditor may delete it");
        }
        long position = stored.state().position();
        AuditStore audit = session.getProvider(AuditStore.class);
        long upTo = audit.sequenced();
        int size = Math.max(1, stream.config().batchSize());
        List<AuditStore.Sequenced> rows = audit.feed(
                StreamFilters.toAuditFilter(stream.config().filter(), realm.getId(), scope), position, upTo, size);
        metrics.lag(realm.getName(), id, rows.isEmpty() ? 0
                : Math.max(0, (System.currentTimeMillis() - rows.get(0).entry().time()) / 1000));
        if (rows.isEmpty()) {
            if (upTo > position) {
                streams.skipped(id, node, position, upTo);
            }
            return null;
        }
        long now = System.currentTimeMillis();
        if (rows.size() < size && now - rows.get(0).entry().time() < stream.config().lingerMs()) {
            return null; // linger: wait for a fuller batch
        }
        long last = rows.get(rows.size() - 1).seq();
        long next = rows.size() == size ? last : Math.max(last, upTo);
        Map<String, String> secrets = StreamSecrets.fromJson(stored.sealedSecrets() == null ? null
                : new StreamKeys(session, realm).open(stored.sealedSecrets(), id));
        Batch batch = new Batch(realm.getName(), rows.stream().map(r -> Senders.item(stream, r.entry(), realm.getName()))
                .toList(), false);
        return new Prepared(stream, stored.state(), batch, rows.get(0).seq(), last, next,
                Senders.of(session, stream, secrets));
    }

    /** Sends and records; true when the position moved and a full batch may follow. */
    private boolean send(String id, Prepared p) {
        long start = System.currentTimeMillis();
        Result result = p.sender().send(p.batch());
        long end = System.currentTimeMillis();
        int n = p.batch().items().size();
        if (!result.ok()) {
            metrics.failed(p.batch().realm(), id);
            failed(id, p.state(), result.status(), result.error(), result.retryAfterMs(), n, p.firstSeq(), p.lastSeq());
            return false;
        }
        metrics.delivered(p.batch().realm(), id, n);
        return inTx(s -> {
            StreamStore streams = stores.apply(s);
            record(streams, id, new Attempt(0, start, p.firstSeq(), p.lastSeq(), n, true, result.status(), null,
                    end - start, node));
            boolean moved = streams.delivered(id, node, p.state().position(), p.nextPosition(), n, end,
                    end + settings.leaseMs());
            if (!moved) {
                LOG.debugf("stream %s: position moved or lease lost while sending; the batch may be sent again", id);
            }
            return moved && n == p.stream().config().batchSize();
        });
    }

    private void failed(String id, StreamState known, Integer status, String error, Long retryAfterMs, int n,
                        long firstSeq, long lastSeq) {
        long now = System.currentTimeMillis();
        inTx(s -> {
            StreamStore streams = stores.apply(s);
            StreamState state = known != null ? known : streams.get(null, id).map(StreamStore.Stored::state).orElse(null);
            if (state == null) {
                return null;
            }
            int retries = state.retries() + 1;
            long since = state.failingSince() == null ? now : state.failingSince();
            String shown = now - since >= settings.failingAfterMs() ? StreamState.FAILING : StreamState.RETRYING;
            long next = now + Backoff.delay(retries - 1, settings.backoffBaseMs(), settings.backoffMaxMs(), retryAfterMs);
            record(streams, id, new Attempt(0, now, firstSeq < 0 ? null : firstSeq, lastSeq < 0 ? null : lastSeq, n,
                    false, status, error, 0, node));
            streams.failed(id, node, retries, next, since, shown, status, error);
            return null;
        });
    }

    private void record(StreamStore streams, String id, Attempt a) {
        long number = streams.nextAttemptNumber(id);
        if (number > 0) {
            streams.attempt(id, new Attempt(number, a.time(), a.firstSeq(), a.lastSeq(), a.entries(), a.ok(),
                    a.status(), a.error(), a.durationMs(), a.node()), KEEP_ATTEMPTS);
        }
    }

    private <T> T inTx(Function<KeycloakSession, T> work) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, work::apply);
    }
}
