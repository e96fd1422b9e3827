package dev.kcaudit.audit.signal;

import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.IpKey;
import dev.kcaudit.audit.model.Origin;
import dev.kcaudit.audit.model.OrganizationRef;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the rules read of the log: bounded reads on indexed columns (realm with resource id, actor id, actor name or
 * action, then time). The store implements it inside the sequencing pass, so it sees every committed entry.
 */
public interface SignalHistory {

    /**
     * One entry that may trigger a signal: its id and time, and its organization tags when they were read (null when
     * not: {@link #organizations} reads them for the triggers of a signal being raised).
     */
    record Trigger(String id, long time, List<OrganizationRef> organizations) {

        public Trigger(String id, long time) {
            this(id, time, null);
        }
    }

    /**
     * Which entries a counting rule counts: of these actions in the realm, and of the one subject that is set —
     * the resource id, the anonymous actor's name (no resource), the actor id, or the IP range; none: realm-wide.
     */
    record Match(String realmId, Set<AuditAction> actions, String resourceId, String anonymousName, String actorId,
                 IpKey.Range ipRange) {
    }

    /** The matching entries from {@code from} to {@code to} (inclusive), newest first, at most {@code max}. */
    List<Trigger> matching(Match match, long from, long to, int max);

    /** The organization tags of these entries, by id. */
    Map<String, List<OrganizationRef>> organizations(Collection<String> entryIds);

    /** Where a user's successful logins came from, between the times (exclusive of the entry {@code except}). */
    List<Origin> loginOrigins(String realmId, String userId, long from, long to, String except, int max);

    /**
     * Whether a signal of this action about this subject was raised for triggers at or after {@code since} (its last
     * trigger's time, not the time it was raised: a backlog judged late keeps its bursts apart).
     */
    boolean raised(String realmId, AuditAction signal, String subjectId, long since);
}
