package dev.kcaudit.audit.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Pure: a stream's secrets as stored. AES-256-GCM with the stream id as associated data, so a sealed value copied
 * onto another stream's row does not open. Form: {@code v1.<key id>.<base64url(iv || ciphertext)>}.
 */
public final class SecretBox {

    private static final String PREFIX = "v1.";
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretBox() {
    }

    public static String seal(String plain, String streamId, String keyId, SecretKey key) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, key, iv, streamId, plain.getBytes(StandardCharsets.UTF_8));
        return PREFIX + keyId + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
    }

    /** The plain text; an IllegalStateException when the key is gone or the value was altered or moved. */
    public static String open(String sealed, String streamId, Function<String, SecretKey> keyById) {
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("not a sealed stream secret");
        }
        String[] parts = sealed.substring(PREFIX.length()).split("\\.", 2);
        SecretKey key = parts.length == 2 ? keyById.apply(parts[0]) : null;
        if (key == null) {
            throw new IllegalStateException("the key " + (parts.length == 2 ? parts[0] : "?")
                    + " that sealed this stream's secrets is not available");
        }
        byte[] data = Base64.getUrlDecoder().decode(parts[1]);
        byte[] iv = Arrays.copyOf(data, IV_BYTES);
        return new String(run(Cipher.DECRYPT_MODE, key, iv, streamId, Arrays.copyOfRange(data, IV_BYTES, data.length)),
                StandardCharsets.UTF_8);
    }

    private static byte[] run(int mode, SecretKey key, byte[] iv, String aad, byte[] input) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, key, new GCMParameterSpec(128, iv));
            c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stream secret could not be " + (mode == Cipher.ENCRYPT_MODE
                    ? "sealed" : "opened") + ": " + e.getClass().getSimpleName(), e);
        }
    }
}
