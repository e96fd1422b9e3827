package dev.kcaudit.audit.it.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** RFC 6238 codes for Keycloak's default OTP policy (HmacSHA1, 6 digits, 30 s), as an authenticator app makes them. */
public final class Totp {

    private Totp() {
    }

    /** @param secret the raw secret Keycloak puts in the setup form's {@code totpSecret} field */
    public static String code(String secret) {
        return code(secret, 0);
    }

    /** The code of a later time step; Keycloak's look-ahead window accepts the next one, and a code is used once. */
    public static String code(String secret, int stepsAhead) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(System.currentTimeMillis() / 30_000 + stepsAhead).array());
            int offset = hash[hash.length - 1] & 0xf;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
