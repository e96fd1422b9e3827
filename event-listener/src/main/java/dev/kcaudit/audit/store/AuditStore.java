package dev.kcaudit.audit.store;

import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditEntry;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import org.keycloak.provider.Provider;

/** Where audit entries live. The REST layer depends on this interface only. */
public interface AuditStore extends Provider {

    /** Adds the entry to the current transaction: it commits or rolls back with the change it audits. */
    void save(AuditEntry entry);

    /**
     * Every read returns entries as the filter's scope may see them ({@link AuditEntry#seenBy}).
     *
     * The entries matching the filter, in the page's order, at most {@code page.max() + 1} of them (one more tells
     * the caller another page exists). Pages read backwards come back in display order too.
     */
    List<AuditEntry> find(AuditFilter filter, PageRequest page);

    /** How many entries match, counting no further than {@code limit}. */
    long count(AuditFilter filter, long limit);

    /**
     * How many entries match in each {@code bucketMs}-long slice of time (slices start at multiples of
     * {@code bucketMs} since the epoch), per outcome; slices without entries are absent.
     */
    List<TimeSlice> histogram(AuditFilter filter, long bucketMs);

    /** Entries of one outcome ({@code success} or {@code failure}) in the slice of time starting at {@code start}. */
    record TimeSlice(long start, String outcome, long count) {
    }

    /**
     * The values of a facet recorded in the scope, ever (see {@link AuditFilter#scopeOnly}: the realm, or only the
     * entries of these organizations).
     */
    Set<String> valuesPresent(AuditFilter scope, Facet facet);

    /** Distinct actors recorded in the scope whose username or e-mail starts with the prefix, at most {@code max}. */
    List<Actor> actors(AuditFilter scope, String prefix, int max);

    /** Which of the candidate organizations have entries in the realm. */
    Set<String> organizationsPresent(String realmId, Collection<String> organizationIds);

    /** The position of an entry in an order, for cursors. */
    PageRequest.Position position(AuditEntry entry, SortKey sort);

    /** Columns whose values facets enumerate. */
    enum Facet { CATEGORY, ACTION, RESOURCE_TYPE, SOURCE, OUTCOME, COUNTRY, DEVICE }

    /** One entry, if the scope (realm and organizations, see {@link AuditFilter#scopeOnly}) reaches it. */
    Optional<AuditEntry> get(AuditFilter scope, String id);

    /** The last recorded (redacted) JSON state of a resource, if any: what an update is diffed against. */
    Optional<String> resourceState(String realmId, String resourceType, String resourceId);

    /** Records the resource's state; {@code null} forgets it (the resource was deleted). */
    void saveResourceState(String realmId, String resourceType, String resourceId, String json);

    /**
     * Gives committed entries that have none a place in commit order (at most {@code max} of them), under a
     * database lock so that sequence numbers become visible strictly in order. Run in a transaction of its own.
     *
     * @return how many entries were sequenced
     */
    int sequence(int max);

    /**
     * Rebuilds the index facets read from, when it does not cover every entry yet (after an upgrade or a bulk load);
     * returns whether it did. Sequencing waits meanwhile.
     */
    boolean rebuildFacetsIfDue();

    /** The highest sequence number given so far: every entry up to it is committed and visible. */
    long sequenced();

    /**
     * Where a feed starting at {@code since} begins: just below the lowest sequence number of an entry at or after
     * that time, or {@code fallback} (the highest number given) when there is none yet.
     */
    long seqBefore(String realmId, long since, long fallback);

    /** Entries matching the filter with {@code after < seq <= upTo}, in sequence order, at most {@code max}. */
    List<Sequenced> feed(AuditFilter filter, long after, long upTo, int max);

    /** An entry with its place in commit order. */
    record Sequenced(long seq, AuditEntry entry) {
    }

    /** Deletes every entry of a realm (the realm itself is being removed). */
    void deleteRealm(String realmId);
}
