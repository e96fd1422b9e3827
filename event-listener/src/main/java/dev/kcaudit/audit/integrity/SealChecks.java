package dev.kcaudit.audit.integrity;

import dev.kcaudit.audit.chain.Chain;
import dev.kcaudit.audit.chain.Seal;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The checks on one seal that need no entries: its header against its hash, its signature (and no downgrade to the
 * realm key once a keystore signs), its link to the previous seal, its time stamp, and for a purged seal the signed
 * purge statement and the {@code audit.purged} entry with the retention and legal hold it recorded.
 */
final class SealChecks {

    /** A time stamp may not be older than the seal's signed creation time by more than this (clock skew). */
    private static final long STAMP_SKEW_MS = 300_000L;

    private final Problems problems;
    private KeycloakSession session;
    private RealmModel realm;
    private PurgeRecords purges;
    private boolean keystoreSeen;
    long timeStamped;

    SealChecks(Problems problems) {
        this.problems = problems;
    }

    /** Binds the checks to a transaction's session (a full check runs each step in one of its own). */
    void on(KeycloakSession session, RealmModel realm, PurgeRecords purges) {
        this.session = session;
        this.realm = realm;
        this.purges = purges;
    }

    /** Starts after a seal checked earlier: once a keystore signed, a realm key may not sign again. */
    void after(Seal seal) {
        keystoreSeen |= seal != null && seal.keyId().startsWith(SealKeys.KEYSTORE_PREFIX);
    }

    /** Checks the seal; returns the time it was made, as the time-stamp authority vouches for it when it does. */
    long check(Seal seal, Seal previous) {
        if (!Chain.sha256(seal.header()).equals(seal.sealHash())) {
            problems.add(seal, "seal-altered", null, null, "The seal's fields no longer match its hash");
        }
        signature(seal);
        String expectedPrev = previous == null ? Chain.GENESIS : previous.sealHash();
        long expectedPrevSeq = previous == null ? 0 : previous.lastSeq();
        if (!seal.prevSealHash().equals(expectedPrev) || seal.prevLastSeq() != expectedPrevSeq
                || (previous != null && seal.sealNo() != previous.sealNo() + 1)) {
            problems.add(seal, "seal-link", null, null, "The seal does not follow seal " + (previous == null
                    ? "(none)" : previous.sealNo()) + ": a seal was removed, inserted or edited");
        }
        if (seal.purged()) {
            purge(seal);
        }
        return madeAt(seal);
    }

    private void signature(Seal seal) {
        boolean keystore = seal.keyId().startsWith(SealKeys.KEYSTORE_PREFIX);
        if (!SealKeys.verifies(session, realm, seal.keyId(), seal.algorithm(), seal.header(), seal.signature())) {
            problems.add(seal, "seal-signature", null, null, "The seal's signature does not verify with key "
                    + seal.keyId());
        } else if (!keystore && keystoreSeen && SealKeys.keystoreConfigured()) {
            problems.add(seal, "seal-signature", null, null, "The seal is signed with realm key " + seal.keyId()
                    + " after the seal keystore took over: it was re-signed with a key from the database");
        }
        keystoreSeen |= keystore;
    }

    private long madeAt(Seal seal) {
        if (seal.timeStampToken() == null || !IntegrityConfig.current().timeStamping()) {
            return seal.createdTime();
        }
        TimeStamps.Check stamp = TimeStamps.check(seal.timeStampToken(), seal.sealHash());
        if (stamp.problem() != null) {
            problems.add(seal, "seal-timestamp", null, null, stamp.problem());
            return seal.createdTime();
        }
        if (stamp.time() < seal.createdTime() - STAMP_SKEW_MS) {
            problems.add(seal, "seal-timestamp", null, null, "The seal claims to be made after the time-stamp"
                    + " authority saw it: it was back-dated");
        }
        timeStamped++;
        return Math.max(stamp.time(), seal.createdTime());
    }

    private void purge(Seal seal) {
        Seal.Purge purge = seal.purge();
        if (!purge.signed() || !SealKeys.verifies(session, realm, purge.keyId(), purge.keyId().startsWith(
                SealKeys.KEYSTORE_PREFIX) ? seal.algorithm() : org.keycloak.crypto.Algorithm.RS256,
                seal.purgeStatement(purge.time(), purge.count(), purge.before()), purge.signature())) {
            problems.add(seal, "purge-unsigned", null, null, "The seal is marked purged without a valid signed purge"
                    + " statement: its entries were deleted by something other than retention");
            return;
        }
        PurgeRecords.Record record = purges.forSeal(seal.sealNo());
        if (record == null || record.entries() != purge.count() || record.before() != purge.before()) {
            problems.add(seal, "purge-unrecorded", null, null, "No audit.purged entry records this purge as signed");
        } else if (seal.maxTime() >= purge.before() || Boolean.TRUE.equals(record.legalHold())
                || (record.retentionDays() != null && (record.retentionDays() <= 0
                || purge.time() - purge.before() != record.retentionDays() * 86_400_000L))) {
            problems.add(seal, "purge-unjustified", null, null, "The purge does not follow the retention and legal"
                    + " hold in force: entries up to " + seal.maxTime() + " purged with cutoff " + purge.before());
        }
    }
}
