package dev.kcaudit.audit.integrity;

import dev.kcaudit.audit.chain.Seal;
import dev.kcaudit.audit.store.SealStore;
import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Signed purge statements. Retention marks a seal purged; the statement ({@link Seal#purgeStatement}: the seal, its
 * hash, when, how many entries and the cutoff) is signed with the seal key in the same transaction, so a database
 * writer who deletes a sealed range and marks it purged leaves an unsigned purge that verify reports.
 */
public final class PurgeStatements {

    private static final String ADOPTED = "purge-adopt";

    private PurgeStatements() {
    }

    public static void sign(KeycloakSession session, RealmModel realm, SealStore seals, Seal seal, long time,
                            long count, long before) {
        SealKeys.Signed signed = SealKeys.sign(session, realm, seal.purgeStatement(time, count, before));
        seals.signPurge(seal, before, signed.keyId(), signed.signature());
    }

    /**
     * Once, after the upgrade that introduced signed statements: purges made before it are signed if an
     * {@code audit.purged} entry records them (it is in the hash chain). The lock row remembers that this happened,
     * so a purge forged later is never adopted.
     */
    static void adoptEarlier(KeycloakSession session, SealStore seals) {
        if (seals.flag(ADOPTED) != 0) {
            return;
        }
        List<Seal> unsigned = seals.unsignedPurges(Integer.MAX_VALUE);
        // Each realm's purge records are read once, not once per purged seal.
        java.util.Map<String, PurgeRecords> records = new java.util.HashMap<>();
        for (Seal seal : unsigned) {
            RealmModel realm = session.realms().getRealm(seal.realmId());
            PurgeRecords.Record record = realm == null ? null : records
                    .computeIfAbsent(seal.realmId(), id -> PurgeRecords.of(seals, id)).forSeal(seal.sealNo());
            if (record != null && record.entries() == seal.purge().count()) {
                sign(session, realm, seals, seal, seal.purge().time(), seal.purge().count(), record.before());
            }
        }
        seals.setFlag(ADOPTED, 1);
    }
}
