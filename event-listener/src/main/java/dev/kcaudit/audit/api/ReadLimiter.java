package dev.kcaudit.audit.api;

import dev.kcaudit.audit.config.AuditConfig;
import dev.kcaudit.audit.store.RateLimits;
import dev.kcaudit.audit.store.RateLimits.Taken;
import java.util.function.Function;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.AdminAuth;

/**
 * The per-user limit on expensive reads (direct exports, counts, facets): requests per minute for one user, counted
 * across all of that user's clients and sessions and on every node (the counter lives in the database). The realm's
 * {@code readRequestsPerMinute} setting, or the server's default. Counted in a short transaction of its own, so the
 * counter's row is never locked while the read runs.
 */
final class ReadLimiter {

    static final long WINDOW_MS = 60_000;

    private final int serverDefault;

    ReadLimiter(int serverDefault) {
        this.serverDefault = serverDefault;
    }

    /** Counts the request, or refuses it with a 429 telling when the next minute starts. */
    void acquire(KeycloakSession session, RealmModel realm, AdminAuth admin) {
        int configured = AuditConfig.of(realm).readRequestsPerMinute();
        int limit = configured > 0 ? configured : serverDefault;
        String who = admin.getUser() != null ? admin.getUser().getId() : "client:" + admin.getClient().getId();
        String key = realm.getId() + "/" + who;
        long now = System.currentTimeMillis();
        long window = now - now % WINDOW_MS;
        boolean allowed = count(session.getKeycloakSessionFactory(), key, window, limit);
        if (!allowed) {
            long retry = Math.max(1, (window + WINDOW_MS - now + 999) / 1000);
            throw ApiError.tooMany("At most " + limit + " exports, counts and facets per minute per user; retry after "
                    + retry + " s", retry);
        }
    }

    /**
     * Counts in short transactions of their own: the first request of a key creates its counter in one (a concurrent
     * creation loses harmlessly), and every request counts in another. A counter the maintenance timer forgot between
     * the two is created again.
     */
    private static boolean count(KeycloakSessionFactory factory, String key, long window, int limit) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Taken taken = inOwnTransaction(factory, s -> limits(s).take(key, window, limit));
            if (taken != Taken.NO_COUNTER) {
                return taken == Taken.COUNTED;
            }
            try {
                inOwnTransaction(factory, s -> {
                    limits(s).open(key, window);
                    return null;
                });
            } catch (RuntimeException openedConcurrently) {
                // another request created the counter first: count in it
            }
        }
        throw new IllegalStateException("The request counter of " + key + " could not be created");
    }

    private static RateLimits limits(KeycloakSession s) {
        return s.getProvider(RateLimits.class);
    }

    private static <T> T inOwnTransaction(KeycloakSessionFactory factory, Function<KeycloakSession, T> work) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, work::apply);
    }
}
