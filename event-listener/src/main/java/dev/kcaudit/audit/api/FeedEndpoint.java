package dev.kcaudit.audit.api;

import dev.kcaudit.audit.feed.CursorCipher;
import dev.kcaudit.audit.feed.FeedCursor;
import dev.kcaudit.audit.feed.OcsfMapper;
import dev.kcaudit.audit.feed.RateLimiter;
import dev.kcaudit.audit.query.BadParameter;
import dev.kcaudit.audit.query.EntryQuery;
import dev.kcaudit.audit.query.FilterFingerprint;
import dev.kcaudit.audit.query.Params;
import dev.kcaudit.audit.store.AuditFilter;
import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.view.EntryRepresentation;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.SecretKey;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.util.JsonSerialization;

/**
 * {@code GET feed}: entries in commit order for SIEM pollers. Each entry gets its sequence number after its
 * transaction commits (see {@code AuditStore#sequence}); pages hold entries with {@code seq} above the cursor, up to
 * the highest number given, so a poller that follows {@code next} receives every entry exactly once, late commits
 * and several nodes included. With {@code until} the window is bounded and the last page has no {@code next}.
 */
final class FeedEndpoint {

    static final Set<String> PARAMS = params();
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final long DEFAULT_LOOKBACK_MS = 3_600_000L;
    static final String NDJSON = "application/x-ndjson";
    private static final int SEQUENCE_BATCH = 5_000;

    private final KeycloakSession session;
    private final RealmModel realm;

    FeedEndpoint(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    Response page(Params p, CallerScope scope, AdminAuth admin, RateLimiter limiter, HttpHeaders headers) {
        RateLimiter.Decision decision = limiter.acquire(caller(admin), System.currentTimeMillis());
        if (!decision.allowed()) {
            throw ApiError.tooMany("Too many feed requests from this client; retry after "
                    + decision.retryAfterSeconds() + " s (" + limiter.perMinute() + " per minute)",
                    decision.retryAfterSeconds());
        }
        int limit = p.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        boolean ocsf = format(p.single("format"));
        long now = System.currentTimeMillis();
        // The filters, parsed by the same parser as entries; the time window comes from since/until or the cursor.
        Map<String, List<String>> filterParams = new TreeMap<>();
        for (String name : EntryQuery.FILTER_PARAMS) {
            if (!Set.of("from", "to", "sort", "order").contains(name) && !p.multi(name).isEmpty()) {
                filterParams.put(name, new ArrayList<>(p.multi(name)));
            }
        }
        AuditFilter filters = EntryQuery.parse(new Params(filterParams, EntryQuery.FILTER_PARAMS), realm.getId(),
                scope.organizations(), now).filter();
        String fingerprint = FilterFingerprint.of(filters);
        String after = p.single("after");
        Long since = p.time("since", false);
        Long until = p.time("until", true);
        FeedCursor cursor;
        if (after != null) {
            if (since != null || until != null) {
                throw new BadParameter(since != null ? "since" : "until",
                        "after carries the window it started with; send after or since/until, not both");
            }
            cursor = FeedCursor.decode(CursorCipher.isSealed(after) ? CursorCipher.open(after, this::cursorKey) : after,
                    fingerprint);
        } else {
            long start = since == null ? now - DEFAULT_LOOKBACK_MS : since;
            long end = until == null ? Long.MAX_VALUE : until;
            if (end < start) {
                throw new BadParameter("until", "until must not be before since");
            }
            cursor = new FeedCursor(-1, start, end);
        }
        // Unbounded (until = Long.MAX_VALUE) when polling.
        AuditFilter filter = filters.withTimeRange(cursor.since(), cursor.until());

        Page page = read(filter, cursor, limit);
        FeedCursor next = page.done ? null : new FeedCursor(page.nextSeq, cursor.since(), cursor.until());
        String nextCursor = next == null ? null : scope.wholeRealm() ? next.encode(fingerprint) : sealed(next.encode(fingerprint));
        Response.ResponseBuilder response = Response.ok()
                .header("X-RateLimit-Limit", limiter.perMinute())
                .header("X-RateLimit-Remaining", decision.remaining());
        if (nextCursor != null) {
            UriBuilder link = session.getContext().getUri().getRequestUriBuilder()
                    .replaceQueryParam("since").replaceQueryParam("until").replaceQueryParam("after", nextCursor);
            response.header("Link", "<" + link.build() + ">; rel=\"next\"").header("X-Next-Cursor", nextCursor);
        }
        List<Object> items = new ArrayList<>();
        OcsfMapper mapper = new OcsfMapper(version());
        for (AuditStore.Sequenced s : page.rows) {
            Object entry = EntryRepresentation.of(s.entry(), realm.getName());
            items.add(ocsf ? mapper.map(s.entry(), realm.getName(), entry) : entry);
        }
        if (wantsNdjson(headers)) {
            return response.type(NDJSON).entity(ndjson(items)).build();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entries", items);
        body.put("next", nextCursor);
        body.put("hasMore", page.rows.size() == limit);
        return response.type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    private record Page(List<AuditStore.Sequenced> rows, long nextSeq, boolean done) {
    }

    /**
     * Numbers whatever has committed, then reads in a transaction of its own (a fresh snapshot, so it sees what
     * was just numbered): first the highest number given, then the page up to it. Numbers become visible only in
     * order, so everything up to that number is there to read; a page that is not full covers the whole range, and
     * the next cursor may move to its end.
     */
    private Page read(AuditFilter filter, FeedCursor cursor, int limit) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        KeycloakModelUtils.runJobInTransaction(factory, s -> s.getProvider(AuditStore.class).sequence(SEQUENCE_BATCH));
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            AuditStore store = s.getProvider(AuditStore.class);
            long upTo = store.sequenced();
            long after = cursor.seq() >= 0 ? cursor.seq() : store.seqBefore(filter.realmId(), filter.from(), upTo);
            List<AuditStore.Sequenced> rows = store.feed(filter, after, upTo, limit);
            long last = rows.isEmpty() ? after : rows.get(rows.size() - 1).seq();
            boolean full = rows.size() == limit;
            long nextSeq = full ? last : Math.max(last, upTo);
            return new Page(rows, nextSeq, cursor.bounded() && !full);
        });
    }

    /** A cursor for a reader limited to organizations: encrypted with the realm's active AES key. */
    private String sealed(String cursor) {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.ENC, Algorithm.AES);
        if (key == null || key.getSecretKey() == null) {
            throw new IllegalStateException("Realm " + realm.getName() + " has no active AES key for feed cursors");
        }
        return CursorCipher.seal(cursor, key.getKid(), key.getSecretKey());
    }

    private SecretKey cursorKey(String kid) {
        KeyWrapper key = session.keys().getKey(realm, kid, KeyUse.ENC, Algorithm.AES);
        return key == null ? null : key.getSecretKey();
    }

    /** Buckets are per client and user, so one noisy poller cannot starve another. */
    private static String caller(AdminAuth admin) {
        return admin.getRealm().getId() + "/" + admin.getClient().getClientId() + "/"
                + (admin.getUser() == null ? "-" : admin.getUser().getId());
    }

    private static boolean format(String value) {
        if (value == null || value.equals("native")) {
            return false;
        }
        if (value.equals("ocsf")) {
            return true;
        }
        throw new BadParameter("format", "format must be native or ocsf");
    }

    private static boolean wantsNdjson(HttpHeaders headers) {
        return headers.getAcceptableMediaTypes().stream().anyMatch(t -> NDJSON.equals(t.getType() + "/" + t.getSubtype()));
    }

    private static byte[] ndjson(List<Object> items) {
        StringBuilder out = new StringBuilder();
        for (Object item : items) {
            try {
                out.append(JsonSerialization.writeValueAsString(item)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String version() {
        String v = FeedEndpoint.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static Set<String> params() {
        Set<String> all = new TreeSet<>(EntryQuery.FILTER_PARAMS);
        all.removeAll(Set.of("from", "to", "sort", "order"));
        all.addAll(Set.of("after", "since", "until", "limit", "format"));
        return all;
    }
}
