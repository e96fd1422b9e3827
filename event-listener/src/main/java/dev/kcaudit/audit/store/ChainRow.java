package dev.kcaudit.audit.store;

import java.util.List;
import java.util.function.Supplier;

/**
 * One entry with its link in the realm's hash chain, as sealing and verify read it. The canonical form and the
 * columns derived from the hashed content are computed on first use: sealing reads thousands of rows and needs
 * neither, verify needs both.
 */
public final class ChainRow {

    /** The columns the store computes from an entry's hashed content; verify recomputes them (docs/integrity.md). */
    public record Derived(String ipKey, String searchText, List<String> scopeTags, String country,
                          String device) {
    }

    private final String id;
    private final String realmId;
    private final long time;
    private final String action;
    private final Long seq;
    private final Long chainPrevSeq;
    private final String chainHash;
    private final String ipKey;
    private final String searchText;
    private final String country;
    private final String device;
    private final Supplier<String> canonical;
    private final Supplier<Derived> derived;

    public ChainRow(String id, String realmId, long time, String action, Long seq, Long chainPrevSeq, String chainHash,
                    String ipKey, String searchText, String country, String device, Supplier<String> canonical,
                    Supplier<Derived> derived) {
        this.id = id;
        this.realmId = realmId;
        this.time = time;
        this.action = action;
        this.seq = seq;
        this.chainPrevSeq = chainPrevSeq;
        this.chainHash = chainHash;
        this.ipKey = ipKey;
        this.searchText = searchText;
        this.country = country;
        this.device = device;
        this.canonical = canonical;
        this.derived = derived;
    }

    /** One organization tag row as verify compares it: the organization, and the realm and time copied in. */
    public static String tag(String orgId, String realmId, long time) {
        return orgId + "|" + realmId + "|" + time;
    }

    public String id() { return id; }
    public String realmId() { return realmId; }
    public long time() { return time; }
    public String action() { return action; }
    /** Null when the row was never numbered. */
    public Long seq() { return seq; }
    /** Null when the row was never linked into the chain. */
    public Long chainPrevSeq() { return chainPrevSeq; }
    public String chainHash() { return chainHash; }
    /** The IP key as stored. */
    public String ipKey() { return ipKey; }
    /** The search text as stored. */
    public String searchText() { return searchText; }
    /** The country and device columns as stored. */
    public String country() { return country; }
    public String device() { return device; }

    /** The row's canonical form for the hash chain, from its stored columns. */
    public String canonical() {
        return canonical.get();
    }

    /** What the derived columns should hold, given the row's hashed content. */
    public Derived expected() {
        return derived.get();
    }
}
