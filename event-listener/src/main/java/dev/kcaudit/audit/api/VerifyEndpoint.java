package dev.kcaudit.audit.api;

import dev.kcaudit.audit.integrity.Verifier;
import dev.kcaudit.audit.query.Params;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code GET verify} and {@code verify/seals}: for realm auditors only, over an optional from/to range (open ends:
 * all time). The caller's scope is checked before the parameters are read, so an outsider learns only the 403.
 */
final class VerifyEndpoint {

    static final Set<String> PARAMS = Set.of("from", "to");

    private final KeycloakSession session;
    private final RealmModel realm;

    VerifyEndpoint(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    Map<String, Object> verify(CallerScope scope, Supplier<Params> params) {
        long[] range = auditorRange(scope, params, "Verifying the log is for realm auditors");
        return new Verifier(session, realm).verify(range[0], range[1]);
    }

    Map<String, Object> seals(CallerScope scope, Supplier<Params> params) {
        long[] range = auditorRange(scope, params, "The seals are for realm auditors");
        return new Verifier(session, realm).seals(range[0], range[1]);
    }

    private static long[] auditorRange(CallerScope scope, Supplier<Params> params, String refusal) {
        if (!scope.wholeRealm()) {
            throw ApiError.forbidden(refusal);
        }
        Params p = params.get();
        Long from = p.time("from", false);
        Long to = p.time("to", true);
        if (from != null && to != null && to < from) {
            throw ApiError.badRequest("to", "to must not be before from");
        }
        return new long[] {from == null ? Long.MIN_VALUE : from, to == null ? Long.MAX_VALUE : to};
    }
}
