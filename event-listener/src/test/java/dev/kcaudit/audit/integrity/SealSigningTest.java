package dev.kcaudit.audit.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcaudit.audit.chain.Chain;
import dev.kcaudit.audit.chain.Seal;
import dev.kcaudit.audit.it.support.SealAuthority;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seal key from a PKCS#12 keystore and RFC 3161 time stamps, against the test's real time-stamp authority
 * (Bouncy Castle's generator behind a JDK HTTP server): what verify relies on, without a Keycloak server.
 */
class SealSigningTest {

    private static final String HASH = Chain.sha256("audit-seal-v2|r|1|0|1|1|1|1|1|h|p|1|1");

    @BeforeAll
    static void authority() {
        SealAuthority.start();
        IntegrityConfig.use(new IntegrityConfig(SealAuthority.KEYSTORE, SealAuthority.PASSWORD.toCharArray(), null,
                "PKCS12", SealAuthority.url(), SealAuthority.TSA_CERTIFICATE, 5_000, 20_000, 2_000));
    }

    @AfterAll
    static void reset() {
        IntegrityConfig.use(IntegrityConfig.defaults(60_000));
    }

    @Test
    void theKeystoreKeySignsAndOnlyItsSignatureOverTheSameTextVerifies() throws Exception {
        SealKeys.Signed signed = SealKeys.sign(null, null, "header");
        assertThat(signed.keyId()).isEqualTo(SealAuthority.keyId());
        assertThat(signed.algorithm()).isEqualTo("ES256");
        assertThat(SealKeys.verifies(null, null, signed.keyId(), signed.algorithm(), "header", signed.signature()))
                .isTrue();
        assertThat(SealKeys.verifies(null, null, signed.keyId(), signed.algorithm(), "header2", signed.signature()))
                .isFalse();
        assertThat(SealKeys.verifies(null, null, "keystore:0000000000000000", "ES256", "header",
                signed.signature())).as("another keystore's id").isFalse();
    }

    @Test
    void aTimeStampVouchesForItsHashOnlyAndTheAuthorityMayBeDown() {
        long before = System.currentTimeMillis() - 1_000;
        String token = TimeStamps.stamp(HASH);
        assertThat(token).isNotNull();
        TimeStamps.Check ok = TimeStamps.check(token, HASH);
        assertThat(ok.problem()).isNull();
        assertThat(ok.time()).isBetween(before, System.currentTimeMillis() + 1_000);
        assertThat(TimeStamps.check(token, Chain.sha256("another seal")).problem()).contains("another seal hash");
        assertThat(TimeStamps.check("AAAA", HASH).problem()).startsWith("The time stamp does not verify");

        SealAuthority.down = true;
        try {
            assertThat(TimeStamps.stamp(HASH)).as("stamped on a later round").isNull();
        } finally {
            SealAuthority.down = false;
        }
    }

    @Test
    void headersAndPurgeStatementsAreWhatTheDocsSay() {
        assertThat(Chain.sealHeader("r", 2, 10, 11, 20, 10, 100, 200, "c", "p", 300, null))
                .isEqualTo("audit-seal-v1|r|2|10|11|20|10|100|200|c|p|300");
        assertThat(Chain.sealHeader("r", 2, 10, 11, 20, 10, 100, 200, "c", "p", 300, 50L))
                .isEqualTo("audit-seal-v2|r|2|10|11|20|10|100|200|c|p|300|50");
        Seal seal = new Seal("r", 2, 10, 11, 20, 10, 100, 200, "c", "p", "h", "ES256", "k", "s", 300, 50L, null, null);
        assertThat(seal.purgeStatement(400, 10, 250)).isEqualTo("audit-purge-v1|r|2|h|400|10|250");
    }
}
