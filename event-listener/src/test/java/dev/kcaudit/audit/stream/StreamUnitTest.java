package dev.kcaudit.audit.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kcaudit.audit.delivery.Backoff;
import dev.kcaudit.audit.stream.send.WebhookSender;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Pure pieces of log streams: sealing secrets, backoff, Standard Webhooks signatures. */
class StreamUnitTest {

    private static final SecretKeySpec KEY = new SecretKeySpec(new byte[32], "AES");

    @Test
    void aSealedSecretOpensOnlyForItsOwnStreamAndKey() {
        String sealed = SecretBox.seal("{\"secret\":\"whsec_abc\"}", "stream-1", "opt", KEY);
        assertThat(sealed).startsWith("v1.opt.").doesNotContain("whsec_abc");
        assertThat(SecretBox.open(sealed, "stream-1", kid -> KEY)).isEqualTo("{\"secret\":\"whsec_abc\"}");
        assertThatThrownBy(() -> SecretBox.open(sealed, "stream-2", kid -> KEY)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SecretBox.open(sealed, "stream-1", kid -> null))
                .hasMessageContaining("not available");
        assertThat(SecretBox.seal("x", "s", "opt", KEY)).isNotEqualTo(SecretBox.seal("x", "s", "opt", KEY));
    }

    @Test
    void backoffDoublesWithJitterUpToTheMaximumAndHonoursRetryAfter() {
        for (int i = 0; i < 200; i++) {
            assertThat(Backoff.delay(0, 1000, 60_000, null)).isBetween(500L, 1000L);
            assertThat(Backoff.delay(3, 1000, 60_000, null)).isBetween(4000L, 8000L);
            assertThat(Backoff.delay(30, 1000, 60_000, null)).isBetween(30_000L, 60_000L);
            assertThat(Backoff.delay(0, 1000, 60_000, 5_000L)).isEqualTo(5_000L);
            assertThat(Backoff.delay(0, 1000, 60_000, 600_000L)).isEqualTo(60_000L);
        }
    }

    /** The test vector of the Standard Webhooks specification. */
    @Test
    void signaturesMatchTheStandardWebhooksTestVector() {
        byte[] key = Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(WebhookSender.sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void syslogFramesAreOctetCountedRfc5424Messages() {
        var item = new dev.kcaudit.audit.stream.send.Batch.Item("id-\"1]", 1_764_734_400_123L, "auth.login.failed",
                true, "ignored");
        String frame = new String(dev.kcaudit.audit.stream.send.SyslogFrames.frame(item, "démo", "node 1",
                "{\"a\":\"é\"}\nx"), StandardCharsets.UTF_8);
        String message = frame.substring(frame.indexOf(' ') + 1);
        assertThat(Integer.parseInt(frame.substring(0, frame.indexOf(' '))))
                .isEqualTo(message.getBytes(StandardCharsets.UTF_8).length);
        assertThat(message).isEqualTo("<84>1 2025-12-03T04:00:00.123Z node_1 keycloak-audit - auth.login.failed"
                + " [audit@32473 id=\"id-\\\"1\\]\" realm=\"démo\"] {\"a\":\"é\"} x");
    }

    @Test
    void vaultReferencesAreRecognised() {
        assertThat(StreamSecrets.isVaultReference("${vault.hec_token}")).isTrue();
        assertThat(StreamSecrets.isVaultReference("plain")).isFalse();
        assertThat(StreamSecrets.isVaultReference("${vault.a} and more")).isFalse();
    }
}
