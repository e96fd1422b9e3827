package dev.kcaudit.audit.integrity;

import dev.kcaudit.audit.capture.OwnEntries;
import dev.kcaudit.audit.chain.Seal;
import dev.kcaudit.audit.config.AuditConfig;
import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.Source;
import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.store.SealStore;
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
 * marked purged, so the chain of seals still verifies. Each purged seal gets a signed purge statement and an
 * {@code audit.purged} entry by the {@code system} actor (with the retention and legal hold in force), committed with
 * the deletion. Runs once per cluster, under the {@code purge} lock row.
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
                purge(session, realm, config, now - config.retentionDays() * 86_400_000L, now);
            }
        });
    }

    private static void purge(KeycloakSession session, RealmModel realm, AuditConfig config, long before, long now) {
        List<Seal> due = Sealer.store(session).purgeable(realm.getId(), before, SEALS_PER_RUN);
        for (Seal seal : due) {
            // The seal's rows go and its audit.purged entry is written in one transaction: a crash between the two
            // can neither leave a purge unrecorded nor record one that did not happen.
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
                SealStore seals = Sealer.store(s);
                long purged = seals.purge(seal, now);
                RealmModel current = s.realms().getRealm(realm.getId());
                PurgeStatements.sign(s, current, seals, seal, now, purged, before);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("before", Instant.ofEpochMilli(before).toString());
                details.put("entries", purged);
                details.put("seals", seal.sealNo() + "-" + seal.sealNo());
                details.put("firstSeq", seal.prevLastSeq() + 1);
                details.put("lastSeq", seal.lastSeq());
                details.put("retentionDays", config.retentionDays());
                details.put("legalHold", config.legalHold());
                s.getProvider(AuditStore.class).save(OwnEntries.entry(current, AuditAction.AUDIT_PURGED,
                        Actor.system(), new Resource("realm", current.getId(), current.getName()), List.of(), null,
                        Source.SYSTEM, details));
            });
        }
    }
}
