package dev.kcaudit.audit.store;

import dev.kcaudit.audit.chain.Seal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keycloak.provider.Provider;

/**
 * Seals, the chain rows they cover and the lock rows the background jobs take turns with. Every call runs in the
 * caller's transaction. Obtained with {@code session.getProvider(SealStore.class)}.
 */
public interface SealStore extends Provider {

    /** An entry's id, time and details, for the purge and capture records verify reads. */
    record EntryRecord(String id, long time, String detailsJson) {
    }

    /** Takes the named lock row (sealing, purging, sequencing) until the transaction ends. */
    void lock(String name);

    /** Realms whose chain has grown past their last seal, or whose last seal is older than {@code heartbeatBefore}. */
    List<String> realmsToSeal(long heartbeatBefore);

    /** A lock row's value (flags such as 'purge-adopt'); set it with {@link #setFlag}. */
    long flag(String name);

    void setFlag(String name, long value);

    /** Seals made while the time-stamp authority could not be reached, oldest first. */
    List<Seal> unstamped(int max);

    void setTimeStamp(Seal seal, String token);

    /** Purged seals without a signed purge statement (purged before statements were signed). */
    List<Seal> unsignedPurges(int max);

    /** Records a purge statement's cutoff and signature. */
    void signPurge(Seal seal, long before, String keyId, String signature);

    /** The organization tags ({@link ChainRow#tag}) of the chain rows with {@code after < seq <= upTo}, by entry. */
    Map<String, Set<String>> orgTags(String realmId, long after, long upTo);

    /** A realm's entries with the given action, oldest first (purge and capture records). */
    List<EntryRecord> records(String realmId, String action);

    /** The sequence number where the realm's chain ends (0 before its first entry). */
    long chainEnd(String realmId);

    Optional<Seal> last(String realmId);

    Optional<Seal> get(String realmId, long sealNo);

    /** A realm's seals in order, from {@code fromNo} on, at most {@code max}. */
    List<Seal> seals(String realmId, long fromNo, int max);

    /** The first seal whose entries reach {@code time}, or {@link Long#MAX_VALUE} when none does. */
    long firstSealReaching(String realmId, long time);

    /** Seals not yet purged whose every entry is older than {@code before}, oldest first. */
    List<Seal> purgeable(String realmId, long before, int max);

    /** The chain rows of a realm with {@code after < seq <= upTo}, in order, at most {@code max}. */
    List<ChainRow> chainRows(String realmId, long after, long upTo, int max);

    /** Entries of the realm not sealed yet (after {@code afterSeq}, or not numbered), seal records not counted. */
    long unsealed(String realmId, long afterSeq);

    void insert(Seal seal);

    /**
     * Deletes a sealed range's entries and marks the seal purged; returns the count. The caller signs the purge
     * statement ({@link #signPurge}) in the same transaction.
     */
    long purge(Seal seal, long now);

    void deleteRealm(String realmId);

    @Override
    default void close() {
    }

    /** What verify remembers about the realm (docs/integrity.md, "Incremental verify"). */
    Optional<VerifyState> verifyState(String realmId);

    /** A clean check reached {@code seal}: the next incremental verify starts after it (signed: {@link VerifyState#markText}). */
    void markVerified(String realmId, Seal seal, long at, String keyId, String algorithm, String signature);

    /** Claims the realm's full check for this node; false while another runs on a node that still beats. */
    boolean claimFullCheck(String realmId, String node, long now, long staleBefore, long sealsTotal);

    /** The full check's progress and heartbeat; false when it is no longer this node's. */
    boolean fullCheckProgress(String realmId, String node, long sealsDone, long entries, long now);

    /** Ends the full check in {@code state} with its report. */
    void finishFullCheck(String realmId, String node, String state, String reportJson, long now);
}
