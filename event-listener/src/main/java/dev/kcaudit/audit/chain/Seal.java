package dev.kcaudit.audit.chain;

/**
 * One seal: a signed statement that a realm's chain ran, from the entry after {@code prevLastSeq}, through
 * {@code count} entries to {@code lastSeq}, ending in {@code lastChainHash}, after the seal whose hash is
 * {@code prevSealHash}. A v2 seal also signs when its sealing node started ({@code sealerStarted}), which tells a
 * gap between seals that was downtime from one that was cut out. A purged seal carries a signed purge statement.
 */
public record Seal(String realmId, long sealNo, long prevLastSeq, long firstSeq, long lastSeq, long count, long minTime,
                   long maxTime, String lastChainHash, String prevSealHash, String sealHash, String algorithm,
                   String keyId, String signature, long createdTime, Long sealerStarted, String timeStampToken,
                   Purge purge) {

    /** What retention did to a seal: when, how many entries, up to which cutoff, and who signed that. */
    public record Purge(long time, long count, Long before, String keyId, String signature) {

        public boolean signed() {
            return before != null && keyId != null && signature != null;
        }
    }

    public String header() {
        return Chain.sealHeader(realmId, sealNo, prevLastSeq, firstSeq, lastSeq, count, minTime, maxTime, lastChainHash,
                prevSealHash, createdTime, sealerStarted);
    }

    /** The purge statement a purged seal's signature covers. */
    public String purgeStatement(long time, long purgedCount, long before) {
        return String.join("|", "audit-purge-v1", realmId, Long.toString(sealNo), sealHash, Long.toString(time),
                Long.toString(purgedCount), Long.toString(before));
    }

    public boolean purged() {
        return purge != null;
    }

    /** When the seal was made: the time-stamp authority's time when one vouches for it, else the signed one. */
    public long madeAt(Long stampedTime) {
        return stampedTime != null ? stampedTime : createdTime;
    }
}
