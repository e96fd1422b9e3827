package dev.kcaudit.audit.store;

import dev.kcaudit.audit.redaction.Redactor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.keycloak.provider.Provider;

/**
 * The rows the scrub re-reads with the current redaction (docs/integrity.md, "Scrubbing stored secrets"), in bounded
 * batches, and the lock rows that remember how far it got. Every call runs in the caller's transaction. Obtained with
 * {@code session.getProvider(ScrubStore.class)}.
 */
public interface ScrubStore extends Provider {

    /** An entry the scrub rewrote: {@code seq} null when it was not numbered (nor linked) yet. */
    record Scrubbed(String entryId, String realmId, Long seq, String digest) {
    }

    /** A batch of entries read: the last sequence number (or entry id) read, how many, which were rewritten. */
    record Pass(long lastSeq, String lastId, int read, List<Scrubbed> scrubbed) {
    }

    /** Takes the named lock row until the transaction ends. */
    void lock(String name);

    long value(String name);

    /** When the row's value was last set (0: never). */
    long updatedTime(String name);

    void setValue(String name, long value);

    /** Whether any realm has an entry. */
    boolean anyEntry();

    /** Numbered entries after {@code afterSeq}, in commit order, at most {@code max}; rewritten where secrets were. */
    Pass sequenced(long afterSeq, int max, Function<String, Redactor> redactors);

    /** Entries not numbered yet, with an id after {@code afterId}; run under the sequencer's lock. */
    Pass unsequenced(String afterId, int max, Function<String, Redactor> redactors);

    /**
     * Resource-state baselines after the key {@code after} (realm, type, id; null: from the start), at most
     * {@code max}; returns the last key read (null when none) and counts rewritten rows per realm into {@code counts}.
     */
    String[] states(String[] after, int max, Function<String, Redactor> redactors, Map<String, Integer> counts);

    /** The realms that got an {@code audit.scrubbed} entry at or after {@code since}. */
    List<String> realmsScrubbedSince(long since);

    /** Deletes the export jobs (and files) of these realms created before {@code before}; the job ids per realm. */
    Map<String, List<String>> deleteExportJobs(List<String> realmIds, long before);

    /** The details of a realm's {@code audit.scrubbed} entries that are linked into its chain, in commit order. */
    List<String> scrubRecords(String realmId);

    @Override
    default void close() {
    }
}
