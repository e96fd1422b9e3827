package dev.kcaudit.audit.integrity;

import dev.kcaudit.audit.store.jpa.JpaSealStore;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Seals what each realm's chain gained since its last seal, at most {@value #MAX_ENTRIES} entries per seal, signed
 * with the realm's active RS256 key. Runs once per cluster on a timer, under the {@code seal} lock row, away from the
 * login and admin requests that write entries.
 */
public final class Sealer {

    public static final int MAX_ENTRIES = 10_000;
    private static final int MAX_SEALS_PER_RUN = 20;

    private Sealer() {
    }

    public static void run(KeycloakSession session) {
        JpaSealStore seals = store(session);
        seals.lock("seal");
        for (String realmId : seals.realmsToSeal()) {
            RealmModel realm = session.realms().getRealm(realmId);
            for (int i = 0; realm != null && i < MAX_SEALS_PER_RUN && sealNext(session, realm, seals); i++) {
                // one seal per pass
            }
        }
    }

    private static boolean sealNext(KeycloakSession session, RealmModel realm, JpaSealStore seals) {
        Seal previous = seals.last(realm.getId()).orElse(null);
        long after = previous == null ? 0 : previous.lastSeq();
        // Only the chain: rows the sequencer linked, up to where the realm's chain ends. A row without a link (put there
        // by something other than the sequencer) stays out, and verify reports it.
        List<AuditEntryEntity> rows = seals.chainRows(realm.getId(), after, seals.chainEnd(realm.getId()), MAX_ENTRIES)
                .stream().filter(r -> r.getChainHash() != null && r.getChainPrevSeq() != null).toList();
        if (rows.isEmpty()) {
            return false;
        }
        AuditEntryEntity last = rows.get(rows.size() - 1);
        long minTime = rows.stream().mapToLong(AuditEntryEntity::getTime).min().orElseThrow();
        long maxTime = rows.stream().mapToLong(AuditEntryEntity::getTime).max().orElseThrow();
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.RS256);
        long now = System.currentTimeMillis();
        long sealNo = previous == null ? 1 : previous.sealNo() + 1;
        String prevHash = previous == null ? Chain.GENESIS : previous.sealHash();
        String header = Chain.sealHeader(realm.getId(), sealNo, after, rows.get(0).getSeq(), last.getSeq(), rows.size(),
                minTime, maxTime, last.getChainHash(), prevHash, now);
        seals.insert(new Seal(realm.getId(), sealNo, after, rows.get(0).getSeq(), last.getSeq(), rows.size(), minTime,
                maxTime, last.getChainHash(), prevHash, Chain.sha256(header), Algorithm.RS256, key.getKid(),
                sign((PrivateKey) key.getPrivateKey(), header), now, null, null));
        return rows.size() == MAX_ENTRIES;
    }

    /** The digest an export carries: the realm's latest seal, which covers every entry sealed so far. */
    public static java.util.Optional<String> latestDigest(KeycloakSession session, RealmModel realm) {
        return store(session).last(realm.getId()).map(s -> "seal " + s.sealNo() + " through seq " + s.lastSeq()
                + ", seal hash " + s.sealHash() + ", chain hash " + s.lastChainHash());
    }

    static String sign(PrivateKey key, String header) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(header.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign an audit seal", e);
        }
    }

    public static JpaSealStore store(KeycloakSession session) {
        return new JpaSealStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }
}
