package dev.kcaudit.audit.maintenance;

import dev.kcaudit.audit.capture.OwnEntries;
import dev.kcaudit.audit.capture.RequestActor;
import dev.kcaudit.audit.config.AuditConfig;
import dev.kcaudit.audit.integrity.Sealer;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.Source;
import dev.kcaudit.audit.store.AuditFilter;
import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.store.ExportJobStore;
import dev.kcaudit.audit.store.SealStore;
import dev.kcaudit.audit.stream.StreamStore;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorResponse;

/**
 * A realm being removed. Keycloak publishes the removal inside the transaction that removes it, so refusing here
 * rolls the whole removal back: a realm whose audit log is under legal hold cannot be deleted. Otherwise its
 * entries, seals and export files go with it, and the master realm's log keeps a tombstone (realm, time, actor,
 * how many entries went, the last seal's digest), whether or not master enables the listener.
 */
public final class RealmRemoval {

    private RealmRemoval() {
    }

    public static void onRemoved(RealmModel.RealmRemovedEvent removed) {
        KeycloakSession session = removed.getKeycloakSession();
        RealmModel realm = removed.getRealm();
        if (AuditConfig.of(realm).legalHold()) {
            session.getTransactionManager().setRollbackOnly();
            throw ErrorResponse.error("Realm " + realm.getName() + " is under the audit log's legal hold: lift the hold"
                    + " (PUT …/audit-log/config {\"legalHold\": false}) before deleting the realm", Response.Status.CONFLICT);
        }
        // The sequencer's and the sealer's lock rows first: a run of either that is under way would otherwise write a
        // chain head or a seal for the realm after this delete (and a realm re-created with the same id would inherit it).
        SealStore seals = session.getProvider(SealStore.class);
        seals.lock("sequence");
        seals.lock("seal");
        AuditStore store = session.getProvider(AuditStore.class);
        long entries = store.count(AuditFilter.scopeOnly(realm.getId(), null), Long.MAX_VALUE);
        if (entries > 0 || listens(realm)) {
            tombstone(session, realm, entries, Sealer.latestDigest(session, realm).orElse(null));
        }
        store.deleteRealm(realm.getId());
        session.getProvider(ExportJobStore.class).deleteRealm(realm.getId());
        seals.deleteRealm(realm.getId());
        session.getProvider(StreamStore.class).deleteRealm(realm.getId());
    }

    /** Whether the realm had the listener on; the removed realm's model may no longer load it. */
    private static boolean listens(RealmModel realm) {
        try {
            return realm.getEventsListenersStream().anyMatch("audit-log"::equals);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void tombstone(KeycloakSession session, RealmModel realm, long entries, String lastSeal) {
        RealmModel master = session.realms().getRealmByName(Config.getAdminRealm());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("realm", realm.getName());
        details.put("realmId", realm.getId());
        details.put("entries", entries);
        details.put("lastSeal", lastSeal);
        String ip = session.getContext().getConnection() == null ? null
                : session.getContext().getConnection().getRemoteAddr();
        session.getProvider(AuditStore.class).save(OwnEntries.entry(master, AuditAction.AUDIT_REALM_DELETED,
                RequestActor.of(session), new Resource("realm", realm.getId(), realm.getName()), List.of(), ip,
                Source.ADMIN_API, details));
    }
}
