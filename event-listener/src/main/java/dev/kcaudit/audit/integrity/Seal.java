package dev.kcaudit.audit.integrity;

/**
 * One seal: a signed statement that a realm's chain ran, from the entry after {@code prevLastSeq}, through
 * {@code count} entries to {@code lastSeq}, ending in {@code lastChainHash}, after the seal whose hash is
 * {@code prevSealHash}.
 */
public record Seal(String realmId, long sealNo, long prevLastSeq, long firstSeq, long lastSeq, long count, long minTime,
                   long maxTime, String lastChainHash, String prevSealHash, String sealHash, String algorithm,
                   String keyId, String signature, long createdTime, Long purgedTime, Long purgedCount) {

    public String header() {
        return Chain.sealHeader(realmId, sealNo, prevLastSeq, firstSeq, lastSeq, count, minTime, maxTime, lastChainHash,
                prevSealHash, createdTime);
    }
}
