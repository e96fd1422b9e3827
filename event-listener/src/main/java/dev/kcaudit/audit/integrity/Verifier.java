package dev.kcaudit.audit.integrity;

import dev.kcaudit.audit.chain.Chain;
import dev.kcaudit.audit.chain.Seal;
import dev.kcaudit.audit.store.SealStore;
import dev.kcaudit.audit.store.VerifyState;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Checks a realm's seals and hash chain over a time range and says what is wrong and where: seals whose header,
 * signature, time stamp or link to the previous seal do not hold; purges not signed, not recorded or not justified
 * by the retention in force; entries modified, inserted or deleted; derived columns and organization tags that no
 * longer follow from an entry's content; and a tail cut off (the newest seal, or a gap between seals, older than a
 * heartbeat while the sealing node was running). It also lists the periods during which capture was off.
 */
public final class Verifier {

    private static final int SEAL_PAGE = 100;

    private final String realmId;
    private final Problems problems = new Problems();
    private final IntegrityConfig config = IntegrityConfig.current();
    private final SealChecks checks = new SealChecks(problems);
    private KeycloakSession session;
    private RealmModel realm;
    private SealStore seals;
    private Seal previous;
    private long previousMadeAt;
    private long entriesVerified;
    private long entriesScrubbed;
    private long sealsChecked;
    private long sealsVerified;
    private long sealsPurged;

    public Verifier(KeycloakSession session, RealmModel realm) {
        this.realmId = realm.getId();
        bind(session, realm);
    }

    /** Binds to a transaction's session: a full check runs each step in a transaction of its own. */
    Verifier bind(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.seals = Sealer.store(session);
        return this;
    }

    /** The report for seals reaching {@code from} through those starting before {@code to}. */
    public Map<String, Object> verify(long from, long to) {
        long start = firstSeal(from);
        after(sealBefore(start).orElse(null));
        walk(start, to, Long.MAX_VALUE);
        checkSealsMadeMeanwhile(to);
        Map<String, Object> report = report(from, to, true);
        report.put("mode", from == Long.MIN_VALUE && to == Long.MAX_VALUE ? "full" : "range");
        return report;
    }

    /**
     * Checks what is new since the last clean check, at most about {@code maxEntries} entries (whole seals; at least
     * one), and remembers how far it got when it found nothing wrong. The seal it starts after must still have the
     * hash it had then; older seals and entries are the full check's ({@link FullCheck}).
     */
    public Map<String, Object> incremental(long maxEntries) {
        long now = System.currentTimeMillis();
        Optional<VerifyState> state = seals.verifyState(realmId);
        Long mark = state.map(VerifyState::throughSeal).orElse(null);
        long start = 1;
        if (mark != null && !signed(state.get())) {
            // Not a mark verify wrote: whoever moved it may have hidden edits behind it, so start from the beginning.
            problems.add(null, "mark-invalid", null, null, "The remembered end of the last clean check (seal " + mark
                    + ") is not signed with this log's seal key: it was set by something other than verify."
                    + " Checking from the first seal");
            mark = null;
        }
        if (mark != null) {
            Optional<Seal> marked = seals.get(realmId, mark);
            // Its fields must still give the hash it had (an edit or a re-signed seal since shows here).
            String hash = state.get().throughSealHash();
            if (marked.isEmpty() || !marked.get().sealHash().equals(hash)
                    || !Chain.sha256(marked.get().header()).equals(hash)) {
                problems.add(marked.orElse(null), "seal-altered", null, null, "Seal " + mark + ", verified on "
                        + instant(state.get().verifiedAt()) + ", is " + (marked.isEmpty() ? "gone" : "changed")
                        + " since: start a full check");
            }
            after(marked.orElse(null));
            start = mark + 1;
        }
        long next = walk(start, Long.MAX_VALUE, maxEntries);
        boolean complete = next == Long.MAX_VALUE;
        if (complete) {
            checkSealsMadeMeanwhile(Long.MAX_VALUE);
        }
        if (problems.isEmpty() && previous != null && (mark == null || previous.sealNo() > mark)) {
            mark(previous, now);
        }
        Map<String, Object> report = report(Long.MIN_VALUE, Long.MAX_VALUE, complete);
        report.put("mode", "incremental");
        report.put("fromSeal", start);
        report.put("throughSeal", previous == null ? null : previous.sealNo());
        report.put("complete", complete);
        report.put("entriesRemaining", Math.max(0, (long) report.get("lastSealedSeq")
                - (previous == null ? 0 : previous.lastSeq())));
        report.put("fullCheck", state.map(FullCheck::summary).orElse(null));
        return report;
    }

    /** Remembers that a clean check reached {@code seal}, signed with the seal key. */
    void mark(Seal seal, long at) {
        SealKeys.Signed signed = SealKeys.sign(session, realm, VerifyState.markText(realmId, seal.sealNo(),
                seal.sealHash(), seal.lastSeq(), at));
        seals.markVerified(realmId, seal, at, signed.keyId(), signed.algorithm(), signed.signature());
    }

    private boolean signed(VerifyState state) {
        return state.throughSealHash() != null && state.throughSeq() != null && state.verifiedAt() != null
                && SealKeys.verifies(session, realm, state.throughKeyId(), state.throughAlgorithm(),
                VerifyState.markText(realmId, state.throughSeal(), state.throughSealHash(), state.throughSeq(),
                        state.verifiedAt()), state.throughSignature());
    }

    /** Continues from {@code seal} as if this check had verified it (its hash was compared by the caller). */
    void after(Seal seal) {
        previous = seal;
        previousMadeAt = seal == null ? 0 : seal.createdTime();
        checks.after(seal);
    }

    /**
     * Checks each seal from {@code start} on until one starts after {@code to}, or about {@code maxEntries} entries
     * (whole seals, at least one) are checked; returns the next seal to check, {@code Long.MAX_VALUE} at the end.
     */
    long walk(long start, long to, long maxEntries) {
        checks.on(session, realm, PurgeRecords.of(seals, realmId));
        ChainWalk walk = new ChainWalk(seals, new Scrubs(session, realmId), problems, realmId);
        long entries = 0;
        for (long next = start; next != Long.MAX_VALUE; ) {
            List<Seal> page = seals.seals(realmId, next, SEAL_PAGE);
            next = page.size() < SEAL_PAGE ? Long.MAX_VALUE : page.get(page.size() - 1).sealNo() + 1;
            for (Seal seal : page) {
                if (seal.minTime() > to) {
                    return Long.MAX_VALUE;
                }
                if (entries > 0 && entries + seal.count() > maxEntries) {
                    return seal.sealNo();
                }
                check(seal, walk);
                entries += Math.max(1, seal.count());
            }
        }
        return Long.MAX_VALUE;
    }

    private void check(Seal seal, ChainWalk walk) {
        int before = problems.size();
        long madeAt = checks.check(seal, previous);
        gap(previous, previousMadeAt, seal, madeAt);
        if (seal.purged()) {
            sealsPurged++;
            if (!seals.chainRows(realmId, seal.prevLastSeq(), seal.lastSeq(), 1).isEmpty()) {
                problems.add(seal, "inserted", null, null, "Entries exist in a range that was purged");
            }
        } else {
            ChainWalk.Counts counts = walk.walk(seal, previous == null ? Chain.GENESIS : previous.lastChainHash());
            entriesVerified += counts.verified();
            entriesScrubbed += counts.scrubbed();
        }
        if (problems.size() == before) {
            sealsVerified++;
        }
        sealsChecked++;
        previous = seal;
        previousMadeAt = madeAt;
    }

    /**
     * After a walk that reached the end, checks the seals made while it ran (a heartbeat, say), so that the tail is
     * judged on a seal this check saw, with the gap before it. A heartbeat sealed right after a cut-off tail was
     * otherwise the newest seal, fresh and never checked, and the cut went unreported. Only a newer seal starts a
     * walk, which reads the realm's purge records again.
     */
    void checkSealsMadeMeanwhile(long to) {
        if (previous != null && seals.last(realmId).map(Seal::sealNo).orElse(0L) > previous.sealNo()) {
            walk(previous.sealNo() + 1, to, Long.MAX_VALUE);
        }
    }

    /** What was checked so far, for a full check's progress. */
    long sealsChecked() {
        return sealsChecked;
    }

    long entriesVerified() {
        return entriesVerified;
    }

    boolean clean() {
        return problems.isEmpty();
    }

    Optional<Seal> lastChecked() {
        return Optional.ofNullable(previous);
    }

    /** The report; the newest seal's age is judged only when the check reached the end ({@code tail}). */
    Map<String, Object> report(long from, long to, boolean tail) {
        long now = System.currentTimeMillis();
        Optional<Seal> last = seals.last(realmId);
        if (tail && to >= now - config.staleAfterMs()) {
            // The newest seal's time as checked above (its time stamp's, when it has one), else its own.
            boolean lastChecked = last.isPresent() && previous != null && last.get().sealNo() == previous.sealNo();
            tail(last.orElse(null), lastChecked ? previousMadeAt : last.map(Seal::createdTime).orElse(0L), now);
        }
        long lastSealed = last.map(Seal::lastSeq).orElse(0L);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("realm", realm.getName());
        report.put("verified", problems.isEmpty());
        report.put("sealsVerified", sealsVerified);
        report.put("sealsPurged", sealsPurged);
        report.put("sealsTimeStamped", checks.timeStamped);
        report.put("entriesVerified", entriesVerified);
        report.put("entriesScrubbed", entriesScrubbed);
        report.put("entriesNotYetSealed", seals.unsealed(realmId, lastSealed));
        report.put("lastSealedSeq", lastSealed);
        report.put("lastSealTime", last.map(Seal::createdTime).orElse(null));
        report.put("sealKey", SealKeys.keystoreConfigured() ? "keystore" : "realm");
        report.put("captureOff", CapturePeriods.of(seals, realmId, from, to));
        report.put("firstBadSeal", problems.firstSeal());
        report.put("problems", problems.list());
        report.put("checkedAt", now);
        return report;
    }

    /**
     * Seals come at least once per heartbeat while a node runs. A longer gap is downtime only if the node that
     * sealed after it started after the seal before it (signed into v2 seals); otherwise seals were cut out.
     */
    private void gap(Seal previous, long previousMadeAt, Seal seal, long madeAt) {
        if (previous == null || seal.sealerStarted() == null || previous.sealerStarted() == null) {
            return;
        }
        if (madeAt - previousMadeAt > config.staleAfterMs() && seal.sealerStarted() < previousMadeAt) {
            problems.add(seal, "truncated", seal.prevLastSeq(), null, "No seal between " + instant(previousMadeAt)
                    + " and " + instant(madeAt) + " although the sealing node ran throughout: seals and their entries"
                    + " were cut out (compare an outside copy of the seals, tools/check-seals.py)");
        }
    }

    /** The newest seal must be younger than a heartbeat; without any seal, no linked entry may be older than that. */
    private void tail(Seal last, long lastMadeAt, long now) {
        if (last != null && lastMadeAt < now - config.staleAfterMs()) {
            problems.add(last, "truncated", last.lastSeq(), null, "The newest seal is from " + instant(lastMadeAt)
                    + ", older than the " + config.heartbeatMs() / 1000 + " s heartbeat: the log's tail was cut off, or"
                    + " no node has sealed since (is Keycloak running its maintenance?)");
        } else if (last == null && !seals.chainRows(realm.getId(), 0, Long.MAX_VALUE, 1).stream()
                .filter(r -> r.time() < now - config.staleAfterMs()).toList().isEmpty()) {
            problems.add(null, "truncated", null, null, "Entries older than the heartbeat exist but no seal does:"
                    + " the seals were removed");
        }
    }

    private static String instant(Long millis) {
        return millis == null ? "(unknown)" : Instant.ofEpochMilli(millis).toString();
    }

    /**
     * What an auditor needs to check an export or an outside copy of the seals offline: the seals reaching the range
     * (every field, the header they sign, the time-stamp token) and the public keys that signed them, as PEM.
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
    private Optional<Seal> sealBefore(long start) {
        return start > 1 && start != Long.MAX_VALUE ? seals.get(realm.getId(), start - 1) : Optional.empty();
    }

    /** Each seal from {@code start} on, in order, until one starts after {@code to}; read a page at a time. */
    private void eachSeal(long start, long to, Consumer<Seal> visit) {
        for (long next = start; next != Long.MAX_VALUE; ) {
            List<Seal> page = seals.seals(realmId, next, SEAL_PAGE);
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
        m.put("sealerStarted", s.sealerStarted());
        m.put("algorithm", s.algorithm());
        m.put("keyId", s.keyId());
        m.put("signature", s.signature());
        m.put("header", s.header());
        m.put("timeStamp", s.timeStampToken());
        m.put("purged", s.purged());
        list.add(m);
        PublicKey key = SealKeys.publicKey(session, realm, s.keyId(), s.algorithm());
        if (key != null) {
            keys.put(s.keyId(), "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        }
    }
}
