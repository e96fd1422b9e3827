package dev.kcaudit.audit.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.keycloak.util.JsonSerialization;

/**
 * Pure: the hash chain's rules, documented in docs/integrity.md so anyone can recompute them.
 * <ul>
 *   <li>an entry's canonical form is the JSON array of its stored columns in a fixed order (JSON columns as their
 *       stored text); the origin column, added later, is appended only when it holds something, so entries written
 *       before it keep their form;</li>
 *   <li>{@code link = SHA-256(prevHash + "\n" + seq + "\n" + prevSeq + "\n" + canonical)}, hex; a realm's first
 *       entry links to {@link #GENESIS} and sequence 0;</li>
 *   <li>a seal's hash is SHA-256 of its header line ({@link #sealHeader}), which is also what the realm key signs.</li>
 * </ul>
 */
public final class Chain {

    public static final String GENESIS = "0".repeat(64);

    private Chain() {
    }

    /** The stored columns of an entry, in chain order. */
    public static String canonical(String id, String realmId, long time, String category, String action, String outcome,
                                   String outcomeReason, String actorId, String actorType, String actorUsername,
                                   String actorEmail, String actorClientId, String resourceType, String resourceId,
                                   String resourceName, String ipAddress, String sessionId, String source,
                                   String organizationsJson, String changesJson, String detailsJson,
                                   String originJson) {
        List<Object> columns = new ArrayList<>(Arrays.asList(id, realmId, time, category, action, outcome,
                outcomeReason, actorId, actorType, actorUsername, actorEmail, actorClientId, resourceType, resourceId,
                resourceName, ipAddress, sessionId, source, organizationsJson, changesJson, detailsJson));
        if (originJson != null) {
            columns.add(originJson);
        }
        try {
            return JsonSerialization.mapper.writeValueAsString(columns);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String link(String prevHash, long seq, long prevSeq, String canonical) {
        return sha256(prevHash + "\n" + seq + "\n" + prevSeq + "\n" + canonical);
    }

    /**
     * What a seal commits to, one line: every field but the signature. A seal made with {@code sealerStarted} is a
     * v2 seal and signs that too; older seals keep their v1 line.
     */
    public static String sealHeader(String realmId, long sealNo, long prevLastSeq, long firstSeq, long lastSeq,
                                    long count, long minTime, long maxTime, String lastChainHash, String prevSealHash,
                                    long createdTime, Long sealerStarted) {
        String line = String.join("|", sealerStarted == null ? "audit-seal-v1" : "audit-seal-v2", realmId,
                Long.toString(sealNo), Long.toString(prevLastSeq), Long.toString(firstSeq), Long.toString(lastSeq),
                Long.toString(count), Long.toString(minTime), Long.toString(maxTime), lastChainHash, prevSealHash,
                Long.toString(createdTime));
        return sealerStarted == null ? line : line + "|" + sealerStarted;
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
