package dev.kcaudit.audit.store.jpa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Table AUDIT_ENTRY_CHAIN: where an entry sits in commit order and in its realm's hash chain. Inserted with the
 * entry, SEQ null; the sequencer fills it in later. A narrow row of its own, so that numbering an entry updates
 * five columns under three indexes instead of rewriting the wide, heavily indexed AUDIT_ENTRY row.
 */
@Entity
@Table(name = "AUDIT_ENTRY_CHAIN")
public class AuditEntryChainEntity {

    @Id
    @Column(name = "ENTRY_ID", length = 36)
    private String entryId;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    /** Commit order, given after commit by the sequencer; null until then. Never written by Hibernate. */
    @Column(name = "SEQ", insertable = false, updatable = false)
    private Long seq;

    @Column(name = "CHAIN_PREV_SEQ", insertable = false, updatable = false)
    private Long chainPrevSeq;

    @Column(name = "CHAIN_HASH", insertable = false, updatable = false)
    private String chainHash;

    public AuditEntryChainEntity() {
    }

    public AuditEntryChainEntity(String entryId, String realmId) {
        this.entryId = entryId;
        this.realmId = realmId;
    }

    /** A chain row as read, for an entry read with its chain's columns (not managed). */
    public AuditEntryChainEntity(String entryId, String realmId, Long seq, Long chainPrevSeq, String chainHash) {
        this(entryId, realmId);
        this.seq = seq;
        this.chainPrevSeq = chainPrevSeq;
        this.chainHash = chainHash;
    }

    public String getEntryId() { return entryId; }
    public String getRealmId() { return realmId; }
    public Long getSeq() { return seq; }
    public Long getChainPrevSeq() { return chainPrevSeq; }
    public String getChainHash() { return chainHash; }
}
