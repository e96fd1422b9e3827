package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.store.jpa.entity.AuditEntryChainEntity;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An entry as the list, a single read, an export and the feed read it: the columns an entry is rebuilt and hashed
 * from, then its chain row's, as scalars. Not the columns only filters use (search text, IP key, country, device).
 * Nothing Hibernate manages, so no row is registered in the persistence context and let go again, and a long export
 * never fills it (docs/benchmarks.md, section 7, measures what entities cost a page). Sealing, verify and scrub read
 * whole entities: they check or rewrite the derived columns.
 */
final class EntryRow {

    /** The entry's fields, in the order {@link #entity} reads them. */
    static final List<String> ENTRY = List.of("id", "realmId", "time", "category", "action", "outcome",
            "outcomeReason", "actorId", "actorType", "actorUsername", "actorEmail", "actorClientId", "resourceType",
            "resourceId", "resourceName", "ipAddress", "sessionId", "source", "organizationsJson", "changesJson",
            "detailsJson", "originJson");

    /** The chain columns of a chain row joined as {@code c}. */
    static final String JOINED_CHAIN = "c.entryId, c.seq, c.chainPrevSeq, c.chainHash";

    /** The selection of an entry {@code e} with its chain row joined as {@code c}. */
    static final String JOINED = columns("e", JOINED_CHAIN);

    private EntryRow() {
    }

    /** The selection: the entry {@code alias}'s columns, then the chain's id, sequence, previous and hash. */
    static String columns(String alias, String chain) {
        return ENTRY.stream().map(f -> alias + "." + f).collect(Collectors.joining(", ")) + ", " + chain;
    }

    /** An unmanaged entity from one row of {@link #columns}; its chain only if the entry has a chain row. */
    static AuditEntryEntity entity(Object[] r) {
        AuditEntryEntity e = new AuditEntryEntity();
        int i = 0;
        e.setId((String) r[i++]);
        e.setRealmId((String) r[i++]);
        e.setTime((Long) r[i++]);
        e.setCategory((String) r[i++]);
        e.setAction((String) r[i++]);
        e.setOutcome((String) r[i++]);
        e.setOutcomeReason((String) r[i++]);
        e.setActorId((String) r[i++]);
        e.setActorType((String) r[i++]);
        e.setActorUsername((String) r[i++]);
        e.setActorEmail((String) r[i++]);
        e.setActorClientId((String) r[i++]);
        e.setResourceType((String) r[i++]);
        e.setResourceId((String) r[i++]);
        e.setResourceName((String) r[i++]);
        e.setIpAddress((String) r[i++]);
        e.setSessionId((String) r[i++]);
        e.setSource((String) r[i++]);
        e.setOrganizationsJson((String) r[i++]);
        e.setChangesJson((String) r[i++]);
        e.setDetailsJson((String) r[i++]);
        e.setOriginJson((String) r[i++]);
        String chainId = (String) r[i];
        return chainId == null ? e : e.withChain(new AuditEntryChainEntity(chainId, e.getRealmId(), (Long) r[i + 1],
                (Long) r[i + 2], (String) r[i + 3]));
    }
}
