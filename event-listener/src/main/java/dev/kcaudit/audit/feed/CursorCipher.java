package dev.kcaudit.audit.feed;

import dev.kcaudit.audit.query.BadParameter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Pure: an encrypted feed cursor for readers limited to some organizations. The plain cursor carries the realm-wide
 * sequence number, which would tell an organization admin how much happens in the realm outside their scope; sealed
 * with the realm's AES key (AES-GCM, so it can be neither read nor altered) it tells nothing.
 * Form: {@code x.<key id>.<base64url(iv || ciphertext)>}.
 */
public final class CursorCipher {

    private static final String PREFIX = "x.";
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private CursorCipher() {
    }

    public static boolean isSealed(String cursor) {
        return cursor.startsWith(PREFIX);
    }

    public static String seal(String cursor, String keyId, SecretKey key) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] sealed = cipher(Cipher.ENCRYPT_MODE, key, iv).apply(cursor.getBytes(StandardCharsets.UTF_8));
        return PREFIX + keyId + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
    }

    /** The plain cursor; a 400 naming {@code after} when it was not sealed by one of the realm's keys. */
    public static String open(String sealed, Function<String, SecretKey> keyById) {
        String[] parts = sealed.split("\\.", 3);
        SecretKey key = parts.length == 3 ? keyById.apply(parts[1]) : null;
        if (key == null) {
            throw notOurs();
        }
        try {
            byte[] data = Base64.getUrlDecoder().decode(parts[2]);
            if (data.length <= IV_BYTES) {
                throw notOurs();
            }
            byte[] iv = java.util.Arrays.copyOf(data, IV_BYTES);
            byte[] plain = cipher(Cipher.DECRYPT_MODE, key, iv).apply(java.util.Arrays.copyOfRange(data, IV_BYTES,
                    data.length));
            return new String(plain, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw notOurs();
        }
    }

    private static Function<byte[], byte[]> cipher(int mode, SecretKey key, byte[] iv) {
        return input -> {
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(mode, key, new GCMParameterSpec(128, iv));
                return c.doFinal(input);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static BadParameter notOurs() {
        return new BadParameter("after", "after is not a cursor this feed issued");
    }
}
