package dev.kcaudit.audit.integrity;

import dev.kcaudit.audit.capture.OwnEntries;
import dev.kcaudit.audit.config.AuditConfig;
import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.Source;
import dev.kcaudit.audit.store.AuditStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Retention: deletes entries older than a realm's {@code retentionDays}, unless it is under legal hold. Whole seals
 * go at once (a seal's entries are all older than the cutoff), each in a short transaction of its own; the seal stays,
 * marked purged, so the chain of seals still verifies. Each run that purged writes an {@code audit.purged} entry by
 * the {@code system} actor. Runs once per cluster, under the {@code purge} lock row.
 */
public final class Purger {

    private static final int SEALS_PER_RUN = 200;

    private Purger() {
    }

    public static void run(KeycloakSession session) {
        Sealer.store(session).lock("purge");
        long now = System.currentTimeMillis();
        session.realms().getRealmsStream().forEach(realm -> {
            AuditConfig config = AuditConfig.of(realm);
            if (config.retentionDays() > 0 && !config.legalHold()) {
                purge(session, realm, now - config.retentionDays() * 86_400_000L, now);
            }
        });
    }

    private static void purge(KeycloakSession session, RealmModel realm, long before, long now) {
        List<Seal> due = Sealer.store(session).purgeable(realm.getId(), before, SEALS_PER_RUN);
        if (due.isEmpty()) {
            return;
        }
        long purged = 0;
        for (Seal seal : due) {
            purged += KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(),
                    s -> Sealer.store(s).purge(seal, now));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("before", Instant.ofEpochMilli(before).toString());
        details.put("entries", purged);
        details.put("seals", due.get(0).sealNo() + "-" + due.get(due.size() - 1).sealNo());
        details.put("firstSeq", due.get(0).prevLastSeq() + 1);
        details.put("lastSeq", due.get(due.size() - 1).lastSeq());
        session.getProvider(AuditStore.class).save(OwnEntries.entry(realm, AuditAction.AUDIT_PURGED, Actor.system(),
                new Resource("realm", realm.getId(), realm.getName()), List.of(), null, Source.SYSTEM, details));
    }
}
