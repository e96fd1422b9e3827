package dev.kcaudit.audit.store;

/**
 * What verify remembers about a realm: the last seal a clean check reached ({@code throughSeal}, with the hash it had
 * then, null before the first, and the seal key's signature over both: {@link #markText}), and the realm's background full check: {@code jobState} running, verified, problems
 * or failed (null before the first), the node running it and its heartbeat, its progress, and its report once done.
 */
public record VerifyState(String realmId, Long throughSeal, String throughSealHash, Long throughSeq, Long verifiedAt,
                          String throughKeyId, String throughAlgorithm, String throughSignature, String jobState, String jobNode, Long jobStarted, Long jobHeartbeat, Long jobFinished,
                          long jobSealsDone, long jobSealsTotal, long jobEntries, String jobReport) {

    public static final String RUNNING = "running";

    /** What the mark's signature covers. */
    public static String markText(String realmId, long sealNo, String sealHash, long lastSeq, long at) {
        return "audit-verify-mark-v1\n" + realmId + "\n" + sealNo + "\n" + sealHash + "\n" + lastSeq + "\n" + at;
    }

    /** A running check whose node stopped beating before {@code staleBefore} (it died or was stopped). */
    public boolean abandoned(long staleBefore) {
        return RUNNING.equals(jobState) && (jobHeartbeat == null || jobHeartbeat < staleBefore);
    }
}
