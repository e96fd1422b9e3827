package dev.kcaudit.audit.integrity;

import dev.kcaudit.audit.store.jpa.JpaSealStore;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Checks a realm's seals and hash chain over a time range and says what is wrong and where: seals whose header,
 * signature or link to the previous seal do not hold; entries modified (content no longer matches their link),
 * inserted (not on the chain) or deleted (the chain skips them).
 */
public final class Verifier {

    private static final int MAX_PROBLEMS = 100;
    private static final int SEAL_PAGE = 100;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final JpaSealStore seals;
    private final Scrubs scrubs;
    private final List<Map<String, Object>> problems = new ArrayList<>();
    private long entriesVerified;
    private long entriesScrubbed;
    private long sealsVerified;
    private long sealsPurged;

    public Verifier(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.seals = Sealer.store(session);
        this.scrubs = new Scrubs(session, realm.getId());
    }

    /** The report for seals reaching {@code from} through those starting before {@code to}. */
    public Map<String, Object> verify(long from, long to) {
        long start = firstSeal(from);
        Seal[] previous = {sealBefore(start).orElse(null)};
        eachSeal(start, to, seal -> {
            check(seal, previous[0]);
            previous[0] = seal;
        });
        long lastSealed = seals.last(realm.getId()).map(Seal::lastSeq).orElse(0L);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("realm", realm.getName());
        report.put("verified", problems.isEmpty());
        report.put("sealsVerified", sealsVerified);
        report.put("sealsPurged", sealsPurged);
        report.put("entriesVerified", entriesVerified);
        report.put("entriesScrubbed", entriesScrubbed);
        report.put("entriesNotYetSealed", seals.unsealed(realm.getId(), lastSealed));
        report.put("lastSealedSeq", lastSealed);
        report.put("firstBadSeal", problems.stream().map(p -> p.get("seal")).findFirst().orElse(null));
        report.put("problems", problems);
        report.put("checkedAt", System.currentTimeMillis());
        return report;
    }

    private void check(Seal seal, Seal previous) {
        int before = problems.size();
        if (!Chain.sha256(seal.header()).equals(seal.sealHash())) {
            problem(seal, "seal-altered", null, null, "The seal's fields no longer match its hash");
        }
        if (!signatureHolds(seal)) {
            problem(seal, "seal-signature", null, null, "The seal's signature does not verify with realm key "
                    + seal.keyId());
        }
        String expectedPrev = previous == null ? Chain.GENESIS : previous.sealHash();
        long expectedPrevSeq = previous == null ? 0 : previous.lastSeq();
        if (!seal.prevSealHash().equals(expectedPrev) || seal.prevLastSeq() != expectedPrevSeq
                || (previous != null && seal.sealNo() != previous.sealNo() + 1)) {
            problem(seal, "seal-link", null, null, "The seal does not follow seal " + (previous == null ? "(none)"
                    : previous.sealNo()) + ": a seal was removed, inserted or edited");
        }
        if (seal.purgedTime() != null) {
            sealsPurged++;
            long left = seals.chainRows(realm.getId(), seal.prevLastSeq(), seal.lastSeq(), 1).size();
            if (left > 0) {
                problem(seal, "inserted", null, null, "Entries exist in a range that was purged");
            }
        } else {
            walk(seal, previous == null ? Chain.GENESIS : previous.lastChainHash());
        }
        if (problems.size() == before) {
            sealsVerified++;
        }
    }

    /** Follows the chain through the seal's range, from the previous seal's end to this seal's signed end. */
    private void walk(Seal seal, String startHash) {
        List<AuditEntryEntity> rows = seals.chainRows(realm.getId(), seal.prevLastSeq(), seal.lastSeq(),
                (int) Math.min(Integer.MAX_VALUE, seal.count() * 2 + 1_000));
        Map<Long, List<AuditEntryEntity>> byPrev = new TreeMap<>();
        for (AuditEntryEntity row : rows) {
            if (row.getChainHash() == null || row.getChainPrevSeq() == null) {
                problem(seal, "inserted", row.getSeq(), row.getId(), "The entry was never linked into the chain");
            } else {
                byPrev.computeIfAbsent(row.getChainPrevSeq(), k -> new ArrayList<>()).add(row);
            }
        }
        Set<String> onChain = new HashSet<>();
        long seq = seal.prevLastSeq();
        String hash = startHash;
        long linked = 0;
        while (seq < seal.lastSeq()) {
            List<AuditEntryEntity> candidates = byPrev.getOrDefault(seq, List.of());
            AuditEntryEntity nextRow = null;
            for (AuditEntryEntity c : candidates) {
                if (Chain.link(hash, c.getSeq(), seq, c.canonical()).equals(c.getChainHash())) {
                    nextRow = c;
                    break;
                }
            }
            AuditEntryEntity scrubbed = nextRow != null ? null
                    : candidates.stream().filter(scrubs::covers).findFirst().orElse(null);
            if (scrubbed != null) {
                // A recorded scrub (docs/integrity.md): counted, and the chain goes on from its stored link.
                nextRow = scrubbed;
                entriesScrubbed++;
            } else if (nextRow == null && !candidates.isEmpty()) {
                nextRow = candidates.get(0);
                problem(seal, "modified", nextRow.getSeq(), nextRow.getId(),
                        "The entry's content no longer matches its link in the chain");
            } else if (nextRow == null) {
                long missingAfter = seq;
                nextRow = rows.stream().filter(r -> r.getChainPrevSeq() != null && r.getSeq() > missingAfter
                        && r.getChainPrevSeq() > missingAfter && !onChain.contains(r.getId())).findFirst().orElse(null);
                if (nextRow == null) {
                    problem(seal, "deleted", seq, null, "Entries after seq " + seq + " through seq " + seal.lastSeq()
                            + " are missing");
                    return;
                }
                problem(seal, "deleted", nextRow.getChainPrevSeq(), null, "The entry with seq "
                        + nextRow.getChainPrevSeq() + " (after seq " + seq + ") is missing");
            } else {
                entriesVerified++;
            }
            onChain.add(nextRow.getId());
            linked++;
            seq = nextRow.getSeq();
            hash = nextRow.getChainHash();
        }
        if (!hash.equals(seal.lastChainHash())) {
            problem(seal, "modified", seq, null, "The chain does not end in the hash the seal signed");
        }
        for (AuditEntryEntity row : rows) {
            if (row.getChainHash() != null && !onChain.contains(row.getId())) {
                problem(seal, "inserted", row.getSeq(), row.getId(), "The entry is not on the chain");
            }
        }
        if (linked != seal.count()) {
            problem(seal, "deleted", null, null, "The seal covers " + seal.count() + " entries; " + linked
                    + " are on the chain");
        }
    }

    /**
     * What an auditor needs to check an export offline: the seals reaching the range (every field, the header they
     * sign) and the realm's public keys that signed them, as PEM.
     */
    public Map<String, Object> seals(long from, long to) {
        long start = firstSeal(from);
        List<Map<String, Object>> list = new ArrayList<>();
        Map<String, Object> keys = new TreeMap<>();
        sealBefore(start).ifPresent(s -> add(list, keys, s));
        eachSeal(start, to, s -> add(list, keys, s));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("realm", realm.getName());
        out.put("realmId", realm.getId());
        out.put("keys", keys);
        out.put("seals", list);
        return out;
    }

    /** The number of the first seal whose entries reach {@code from}; {@code Long.MAX_VALUE} when there is none. */
    private long firstSeal(long from) {
        return Math.max(1, seals.firstSealReaching(realm.getId(), from));
    }

    /** The seal before {@code start}, whose end the first checked seal links to. */
    private java.util.Optional<Seal> sealBefore(long start) {
        return start > 1 && start != Long.MAX_VALUE ? seals.get(realm.getId(), start - 1) : java.util.Optional.empty();
    }

    /** Each seal from {@code start} on, in order, until one starts after {@code to}; read a page at a time. */
    private void eachSeal(long start, long to, java.util.function.Consumer<Seal> visit) {
        for (long next = start; next != Long.MAX_VALUE; ) {
            List<Seal> page = seals.seals(realm.getId(), next, SEAL_PAGE);
            next = page.size() < SEAL_PAGE ? Long.MAX_VALUE : page.get(page.size() - 1).sealNo() + 1;
            for (Seal seal : page) {
                if (seal.minTime() > to) {
                    return;
                }
                visit.accept(seal);
            }
        }
    }

    private void add(List<Map<String, Object>> list, Map<String, Object> keys, Seal s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sealNo", s.sealNo());
        m.put("prevLastSeq", s.prevLastSeq());
        m.put("firstSeq", s.firstSeq());
        m.put("lastSeq", s.lastSeq());
        m.put("count", s.count());
        m.put("minTime", s.minTime());
        m.put("maxTime", s.maxTime());
        m.put("lastChainHash", s.lastChainHash());
        m.put("prevSealHash", s.prevSealHash());
        m.put("sealHash", s.sealHash());
        m.put("createdTime", s.createdTime());
        m.put("algorithm", s.algorithm());
        m.put("keyId", s.keyId());
        m.put("signature", s.signature());
        m.put("header", s.header());
        m.put("purged", s.purgedTime() != null);
        list.add(m);
        KeyWrapper key = session.keys().getKey(realm, s.keyId(), KeyUse.SIG, s.algorithm());
        if (key != null && key.getPublicKey() != null) {
            keys.put(s.keyId(), "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(((PublicKey) key.getPublicKey()).getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        }
    }

    private boolean signatureHolds(Seal seal) {
        KeyWrapper key = session.keys().getKey(realm, seal.keyId(), KeyUse.SIG, seal.algorithm());
        if (key == null || key.getPublicKey() == null) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify((PublicKey) key.getPublicKey());
            signature.update(seal.header().getBytes(StandardCharsets.UTF_8));
            return signature.verify(Base64.getDecoder().decode(seal.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private void problem(Seal seal, String kind, Long seq, String entryId, String message) {
        if (problems.size() >= MAX_PROBLEMS) {
            return;
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("seal", seal.sealNo());
        p.put("kind", kind);
        p.put("seq", seq);
        p.put("entryId", entryId);
        p.put("message", message);
        problems.add(p);
    }
}
