package dev.kcaudit.audit.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcaudit.audit.chain.Chain;
import dev.kcaudit.audit.chain.Seal;
import dev.kcaudit.audit.it.support.SealAuthority;
import dev.kcaudit.audit.store.SealStore;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The tail check against a seal made while verify runs. After the tail of the log is cut off, the next heartbeat seal
 * follows the last seal left, half a minute later; a verify whose walk ended just before that seal appeared judged
 * the tail on the new, fresh seal it had never checked, and reported nothing (TamperIT failed this way about one run
 * in ten). Seals signed with the test keystore, in a store that shows the new seal only after the walk's first read.
 */
class VerifierTailTest {

    private static final String REALM = "realm-id";

    @BeforeAll
    static void sealKey() {
        SealAuthority.start();
        // Heartbeat 20 s, maintenance every 2 s: a gap over 26 s means seals were cut out.
        IntegrityConfig.use(new IntegrityConfig(SealAuthority.KEYSTORE, SealAuthority.PASSWORD.toCharArray(), null,
                "PKCS12", null, null, 5_000, 20_000, 2_000));
    }

    @AfterAll
    static void reset() {
        IntegrityConfig.use(IntegrityConfig.defaults(60_000));
    }

    @Test
    void aSealMadeWhileTheWalkRanIsCheckedSoTheGapBeforeItIsReported() {
        Map<String, Object> report = racingHeartbeat(40_000).verify(Long.MIN_VALUE, Long.MAX_VALUE);

        assertThat(report.get("verified")).as(report.toString()).isEqualTo(false);
        assertThat(report.get("problems").toString()).contains("kind=truncated");
    }

    @Test
    void theIncrementalCheckReportsItToo() {
        Map<String, Object> report = racingHeartbeat(40_000).incremental(1_000);

        assertThat(report.get("problems").toString()).as(report.toString()).contains("kind=truncated");
        assertThat(report.get("throughSeal")).isEqualTo(2L);
    }

    @Test
    void withoutAGapTheSameRaceIsClean() {
        Map<String, Object> report = racingHeartbeat(15_000).verify(Long.MIN_VALUE, Long.MAX_VALUE);

        assertThat(report.get("verified")).as(report.toString()).isEqualTo(true);
        assertThat(report.get("sealsVerified")).as("the heartbeat checked too").isEqualTo(2L);
    }

    /**
     * A verifier over one seal made {@code keptAge} ms ago, where the sealer adds a heartbeat seal right after the
     * walk's first read of the seals.
     */
    private static Verifier racingHeartbeat(long keptAge) {
        long now = System.currentTimeMillis();
        long started = now - 600_000;
        Seal kept = seal(1, Chain.GENESIS, now - keptAge, started);
        Seal heartbeat = seal(2, kept.sealHash(), now, started);
        List<Seal> visible = new ArrayList<>(List.of(kept));
        int[] reads = {0};
        SealStore store = store(visible, () -> {
            if (++reads[0] == 1) {
                visible.add(heartbeat);
            }
        });
        return new Verifier(session(store), realm());
    }

    /** A seal of no entries (a heartbeat), signed with the keystore's key. */
    private static Seal seal(long no, String prevSealHash, long created, long started) {
        String header = Chain.sealHeader(REALM, no, 0, 1, 0, 0, created, created, Chain.GENESIS, prevSealHash, created,
                started);
        SealKeys.Signed signed = SealKeys.sign(null, null, header);
        return new Seal(REALM, no, 0, 1, 0, 0, created, created, Chain.GENESIS, prevSealHash, Chain.sha256(header),
                signed.algorithm(), signed.keyId(), signed.signature(), created, started, null, null);
    }

    /** The seals in {@code visible}; {@code afterRead} runs after each read of a page of seals. */
    private static SealStore store(List<Seal> visible, Runnable afterRead) {
        return (SealStore) Proxy.newProxyInstance(SealStore.class.getClassLoader(), new Class<?>[] {SealStore.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "seals" -> {
                        long from = (Long) args[1];
                        List<Seal> page = visible.stream().filter(s -> s.sealNo() >= from).toList();
                        afterRead.run();
                        yield page;
                    }
                    case "last" -> visible.isEmpty() ? Optional.empty() : Optional.of(visible.get(visible.size() - 1));
                    case "get" -> visible.stream().filter(s -> s.sealNo() == (Long) args[1]).findFirst();
                    case "firstSealReaching" -> 1L;
                    case "chainRows", "records" -> List.of();
                    case "orgTags" -> Map.of();
                    case "unsealed" -> 0L;
                    case "verifyState" -> Optional.empty();
                    case "markVerified" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static KeycloakSession session(SealStore store) {
        return (KeycloakSession) Proxy.newProxyInstance(KeycloakSession.class.getClassLoader(),
                new Class<?>[] {KeycloakSession.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getProvider") && args.length == 1 && args[0] == SealStore.class) {
                        return store;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static RealmModel realm() {
        return (RealmModel) Proxy.newProxyInstance(RealmModel.class.getClassLoader(), new Class<?>[] {RealmModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> REALM;
                    case "getName" -> "realm";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
