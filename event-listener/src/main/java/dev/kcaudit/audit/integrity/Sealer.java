package dev.kcaudit.audit.integrity;

import dev.kcaudit.audit.capture.OwnEntries;
import dev.kcaudit.audit.chain.Chain;
import dev.kcaudit.audit.chain.Seal;
import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.Source;
import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.store.ChainRow;
import dev.kcaudit.audit.store.SealStore;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Seals what each realm's chain gained since its last seal, at most {@value #MAX_ENTRIES} entries per seal, signed
 * with the seal key ({@link SealKeys}) and time-stamped when an authority is configured ({@link TimeStamps}). A realm
 * with nothing new is sealed anyway once per heartbeat, so a newest seal older than that means a cut-off tail. Each
 * seal is announced by an {@code audit.sealed} entry carrying it, so the SIEM feed takes a copy of every seal off
 * the machine ({@code tools/check-seals.py} compares that copy with the database). Runs once per cluster on a
 * timer, under the {@code seal} lock row, away from the login and admin requests that write entries.
 */
public final class Sealer {

    public static final int MAX_ENTRIES = 10_000;
    private static final int MAX_SEALS_PER_RUN = 20;
    private static final int STAMPS_PER_RUN = 20;
    /** When this node started: signed into its seals, it tells downtime from a tail cut out (docs/integrity.md). */
    private static final long STARTED = ManagementFactory.getRuntimeMXBean().getStartTime();

    private Sealer() {
    }

    public static void run(KeycloakSession session) {
        SealStore seals = store(session);
        seals.lock("seal");
        IntegrityConfig config = IntegrityConfig.current();
        long now = System.currentTimeMillis();
        for (String realmId : seals.realmsToSeal(now - config.heartbeatMs())) {
            RealmModel realm = session.realms().getRealm(realmId);
            for (int i = 0; realm != null && i < MAX_SEALS_PER_RUN && sealNext(session, realm, seals, config); i++) {
                // one seal per pass
            }
        }
        if (config.timeStamping()) {
            for (Seal seal : seals.unstamped(STAMPS_PER_RUN)) {
                Optional.ofNullable(TimeStamps.stamp(seal.sealHash())).ifPresent(t -> seals.setTimeStamp(seal, t));
            }
        }
        PurgeStatements.adoptEarlier(session, seals);
    }

    private static boolean sealNext(KeycloakSession session, RealmModel realm, SealStore seals,
                                    IntegrityConfig config) {
        Seal previous = seals.last(realm.getId()).orElse(null);
        long after = previous == null ? 0 : previous.lastSeq();
        // Only the chain: rows the sequencer linked, up to where the realm's chain ends. A row without a link (put there
        // by something other than the sequencer) stays out, and verify reports it.
        List<ChainRow> rows = seals.chainRows(realm.getId(), after, seals.chainEnd(realm.getId()), MAX_ENTRIES)
                .stream().filter(r -> r.chainHash() != null && r.chainPrevSeq() != null).toList();
        long now = System.currentTimeMillis();
        boolean heartbeatDue = previous != null && previous.createdTime() < now - config.heartbeatMs();
        // The last seal's own record is the only news: it waits for the next seal with real entries, or the heartbeat.
        boolean onlySealRecords = rows.stream().allMatch(r -> AuditAction.AUDIT_SEALED.id().equals(r.action()));
        if ((rows.isEmpty() || onlySealRecords) && !heartbeatDue) {
            return false;
        }
        long sealNo = previous == null ? 1 : previous.sealNo() + 1;
        String prevHash = previous == null ? Chain.GENESIS : previous.sealHash();
        long firstSeq = rows.isEmpty() ? after + 1 : rows.get(0).seq();
        long lastSeq = rows.isEmpty() ? after : rows.get(rows.size() - 1).seq();
        String lastChainHash = rows.isEmpty() ? previous.lastChainHash() : rows.get(rows.size() - 1).chainHash();
        // A seal's time span is its entries', not the records of earlier seals it also covers: retention purges a seal
        // when its entries are due, and a seal record must not keep back-dated or old entries alive.
        List<ChainRow> entries = rows.stream()
                .filter(r -> !AuditAction.AUDIT_SEALED.id().equals(r.action())).toList();
        long minTime = entries.stream().mapToLong(ChainRow::time).min().orElse(previous == null ? now
                : previous.maxTime());
        long maxTime = entries.stream().mapToLong(ChainRow::time).max().orElse(minTime);
        String header = Chain.sealHeader(realm.getId(), sealNo, after, firstSeq, lastSeq, rows.size(), minTime,
                maxTime, lastChainHash, prevHash, now, STARTED);
        String sealHash = Chain.sha256(header);
        SealKeys.Signed signed = SealKeys.sign(session, realm, header);
        String token = TimeStamps.stamp(sealHash);
        Seal seal = new Seal(realm.getId(), sealNo, after, firstSeq, lastSeq, rows.size(), minTime, maxTime,
                lastChainHash, prevHash, sealHash, signed.algorithm(), signed.keyId(), signed.signature(), now, STARTED,
                token, null);
        seals.insert(seal);
        announce(session, realm, seal);
        return rows.size() == MAX_ENTRIES;
    }

    /** The seal's record in the realm's own log, and so in the SIEM feed: every field a copy needs to check it. */
    private static void announce(KeycloakSession session, RealmModel realm, Seal seal) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sealNo", seal.sealNo());
        details.put("prevLastSeq", seal.prevLastSeq());
        details.put("firstSeq", seal.firstSeq());
        details.put("lastSeq", seal.lastSeq());
        details.put("count", seal.count());
        details.put("lastChainHash", seal.lastChainHash());
        details.put("prevSealHash", seal.prevSealHash());
        details.put("sealHash", seal.sealHash());
        details.put("header", seal.header());
        details.put("algorithm", seal.algorithm());
        details.put("keyId", seal.keyId());
        details.put("signature", seal.signature());
        if (seal.timeStampToken() != null) {
            details.put("timeStamp", seal.timeStampToken());
        }
        session.getProvider(AuditStore.class).save(OwnEntries.entry(realm, AuditAction.AUDIT_SEALED, Actor.system(),
                new Resource("realm", realm.getId(), realm.getName()), List.of(), null, Source.SYSTEM, details));
    }

    /** The digest an export carries: the realm's latest seal, which covers every entry sealed so far. */
    public static Optional<String> latestDigest(KeycloakSession session, RealmModel realm) {
        return store(session).last(realm.getId()).map(s -> "seal " + s.sealNo() + " through seq " + s.lastSeq()
                + ", seal hash " + s.sealHash() + ", chain hash " + s.lastChainHash());
    }

    public static SealStore store(KeycloakSession session) {
        return session.getProvider(SealStore.class);
    }
}
