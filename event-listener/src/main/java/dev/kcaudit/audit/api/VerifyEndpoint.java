package dev.kcaudit.audit.api;

import dev.kcaudit.audit.integrity.FullCheck;
import dev.kcaudit.audit.integrity.Verifier;
import dev.kcaudit.audit.maintenance.BackgroundWork;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import dev.kcaudit.audit.query.Params;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code GET verify}, {@code verify/full} and {@code verify/seals}: for realm auditors only. Without a range, verify
 * checks what is new since the last clean check, a bounded amount per call ({@code limit} entries); a range, or
 * {@code full=true}, checks that in the request; {@code POST verify/full} starts the whole log's check in the
 * background (docs/integrity.md). The caller's scope is checked before the parameters are read, so an outsider learns
 * only the 403.
 */
final class VerifyEndpoint {

    static final Set<String> PARAMS = Set.of("from", "to", "full", "limit");
    static final Set<String> SEAL_PARAMS = Set.of("from", "to");
    /** Entries an incremental call checks at most, by default and at the most (about a second per 100,000). */
    static final int LIMIT = 200_000;
    static final int MAX_LIMIT = 1_000_000;

    private final KeycloakSession session;
    private final RealmModel realm;

    VerifyEndpoint(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    Map<String, Object> verify(CallerScope scope, Supplier<Params> params) {
        auditor(scope, "Verifying the log is for realm auditors");
        Params p = params.get();
        long[] range = range(p);
        String full = p.single("full");
        if (full != null && !full.equals("true") && !full.equals("false")) {
            throw ApiError.badRequest("full", "full must be true or false");
        }
        int limit = p.integer("limit", LIMIT, 1, MAX_LIMIT);
        Verifier verifier = new Verifier(session, realm);
        if ("true".equals(full) || range[0] != Long.MIN_VALUE || range[1] != Long.MAX_VALUE) {
            return verifier.verify(range[0], range[1]);
        }
        return verifier.incremental(limit);
    }

    /** {@code POST verify/full}: 202 with the check's status once claimed, 409 with it while one runs. */
    Response startFull(CallerScope scope, Supplier<Params> params) {
        auditor(scope, "Verifying the log is for realm auditors");
        params.get();
        boolean started = session.getProvider(BackgroundWork.class).startFullCheck(session, realm);
        Map<String, Object> status = FullCheck.status(session, realm);
        if (!started) {
            status.put("error", "A full check of this realm is running");
        }
        return Response.status(started ? Response.Status.ACCEPTED : Response.Status.CONFLICT).entity(status)
                .type(MediaType.APPLICATION_JSON).build();
    }

    /** {@code GET verify/full}: the realm's full check, running or last finished, with its report. */
    Map<String, Object> full(CallerScope scope, Supplier<Params> params) {
        auditor(scope, "Verifying the log is for realm auditors");
        params.get();
        return FullCheck.status(session, realm);
    }

    Map<String, Object> seals(CallerScope scope, Supplier<Params> params) {
        long[] range = auditorRange(scope, params, "The seals are for realm auditors");
        return new Verifier(session, realm).seals(range[0], range[1]);
    }

    private static void auditor(CallerScope scope, String refusal) {
        if (!scope.wholeRealm()) {
            throw ApiError.forbidden(refusal);
        }
    }

    private static long[] auditorRange(CallerScope scope, Supplier<Params> params, String refusal) {
        auditor(scope, refusal);
        return range(params.get());
    }

    private static long[] range(Params p) {
        Long from = p.time("from", false);
        Long to = p.time("to", true);
        if (from != null && to != null && to < from) {
            throw ApiError.badRequest("to", "to must not be before from");
        }
        return new long[] {from == null ? Long.MIN_VALUE : from, to == null ? Long.MAX_VALUE : to};
    }
}
