package dev.kcaudit.audit.integrity;

import dev.kcaudit.audit.chain.Seal;
import dev.kcaudit.audit.store.SealStore;
import dev.kcaudit.audit.store.VerifyState;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.util.JsonSerialization;

/**
 * A realm's full check: verify over the whole log, in the background, a step of about {@value #STEP_ENTRIES} entries
 * per transaction, with its progress and a heartbeat written after each step so any node can show it. One runs per
 * realm at a time (claimed in AUDIT_VERIFY_STATE); one whose node stopped beating can be started again. A clean
 * full check also moves the incremental mark to the last seal it reached.
 */
public final class FullCheck {

    static final int STEP_ENTRIES = 100_000;
    /** A step takes seconds; a heartbeat older than this means the node running the check is gone. */
    public static final long STALE_AFTER_MS = 120_000L;
    private static final Logger LOG = Logger.getLogger(FullCheck.class);

    private FullCheck() {
    }

    /** Claims the realm's full check for {@code node}; false while one runs elsewhere (or here). */
    public static boolean claim(KeycloakSession session, RealmModel realm, String node) {
        SealStore seals = Sealer.store(session);
        long now = System.currentTimeMillis();
        long total = seals.last(realm.getId()).map(Seal::sealNo).orElse(0L);
        return seals.claimFullCheck(realm.getId(), node, now, now - STALE_AFTER_MS, total);
    }

    /** Runs a claimed check to its end; each step, the progress and the end in transactions of their own. */
    public static void run(KeycloakSessionFactory factory, String realmId, String node) {
        Verifier[] verifier = {null};
        long[] next = {1};
        try {
            // Still ours? (A check claimed again after this node was thought gone belongs to the new claim.)
            if (!KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> Sealer.store(s)
                    .fullCheckProgress(realmId, node, 0, 0, System.currentTimeMillis()))) {
                return;
            }
            while (next[0] != Long.MAX_VALUE) {
                KeycloakModelUtils.runJobInTransaction(factory, s -> {
                    RealmModel realm = s.realms().getRealm(realmId);
                    if (realm == null) {
                        next[0] = Long.MAX_VALUE;
                        return;
                    }
                    Verifier v = verifier[0] == null ? verifier[0] = new Verifier(s, realm) : verifier[0].bind(s, realm);
                    next[0] = v.walk(next[0], Long.MAX_VALUE, STEP_ENTRIES);
                });
                if (verifier[0] == null) {
                    return; // the realm is gone, and its state with it
                }
                boolean ours = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> Sealer.store(s)
                        .fullCheckProgress(realmId, node, verifier[0].sealsChecked(), verifier[0].entriesVerified(),
                                System.currentTimeMillis()));
                if (!ours) {
                    LOG.infof("The full check of realm %s was taken over by another node", realmId);
                    return;
                }
            }
            KeycloakModelUtils.runJobInTransaction(factory, s -> {
                RealmModel realm = s.realms().getRealm(realmId);
                if (realm == null) {
                    return;
                }
                Verifier v = verifier[0].bind(s, realm);
                v.checkSealsMadeMeanwhile(Long.MAX_VALUE);
                Map<String, Object> report = v.report(Long.MIN_VALUE, Long.MAX_VALUE, true);
                report.put("mode", "full");
                SealStore seals = Sealer.store(s);
                long now = System.currentTimeMillis();
                seals.fullCheckProgress(realmId, node, v.sealsChecked(), v.entriesVerified(), now);
                seals.finishFullCheck(realmId, node, v.clean() ? "verified" : "problems", json(report), now);
                if (v.clean()) {
                    v.lastChecked().ifPresent(seal -> v.mark(seal, now));
                }
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "The full check of realm %s failed", realmId);
            KeycloakModelUtils.runJobInTransaction(factory, s -> Sealer.store(s).finishFullCheck(realmId, node,
                    "failed", json(Map.of("error", String.valueOf(e.getMessage()))), System.currentTimeMillis()));
        }
    }

    /** The check as {@code GET verify/full} and the incremental report show it. */
    public static Map<String, Object> summary(VerifyState state) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean abandoned = state.abandoned(System.currentTimeMillis() - STALE_AFTER_MS);
        out.put("state", state.jobState() == null ? "never" : abandoned ? "interrupted" : state.jobState());
        out.put("startedAt", state.jobStarted());
        out.put("finishedAt", state.jobFinished());
        out.put("heartbeatAt", state.jobHeartbeat());
        out.put("sealsChecked", state.jobSealsDone());
        out.put("sealsTotal", state.jobSealsTotal());
        out.put("entriesVerified", state.jobEntries());
        out.put("percent", VerifyState.RUNNING.equals(state.jobState()) ? Math.min(99, state.jobSealsTotal() == 0 ? 0
                : state.jobSealsDone() * 100 / state.jobSealsTotal()) : state.jobState() == null ? 0 : 100);
        out.put("incrementalThroughSeal", state.throughSeal());
        out.put("incrementalVerifiedAt", state.verifiedAt());
        return out;
    }

    /** The summary with the finished check's report, for {@code GET verify/full}. */
    public static Map<String, Object> status(KeycloakSession session, RealmModel realm) {
        Optional<VerifyState> state = Sealer.store(session).verifyState(realm.getId());
        Map<String, Object> out = summary(state.orElseGet(() -> new VerifyState(realm.getId(), null, null, null, null,
                null, null, null, null, null, null, null, null, 0, 0, 0, null)));
        out.put("report", state.map(VerifyState::jobReport).map(FullCheck::parse).orElse(null));
        return out;
    }

    private static String json(Object report) {
        try {
            return JsonSerialization.writeValueAsString(report);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object parse(String json) {
        try {
            return JsonSerialization.mapper.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }
}
