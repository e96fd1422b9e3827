package dev.kcaudit.audit.it.support;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A software WebAuthn authenticator for tests: answers Keycloak's passkey registration page with a real P-256 key
 * and a "none" attestation, as a browser's authenticator would (what the page's JavaScript would post).
 */
public final class SoftwarePasskey {

    /** The page script's string literal: double quotes since Keycloak 26.5, single quotes in 26.4. */
    private static final Pattern CHALLENGE = Pattern.compile("challenge\\s*:\\s*[\"']([^\"']+)[\"']");
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private SoftwarePasskey() {
    }

    /** The form fields that register a new passkey on this registration page. */
    public static Map<String, String> register(Browser.Page page, String origin, String rpId) throws Exception {
        Matcher m = CHALLENGE.matcher(page.html());
        if (!m.find()) {
            throw new AssertionError("No WebAuthn challenge on " + page.url());
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        byte[] credentialId = MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded());

        String clientData = "{\"type\":\"webauthn.create\",\"challenge\":\"" + m.group(1) + "\",\"origin\":\"" + origin
                + "\",\"crossOrigin\":false}";
        ByteArrayOutputStream authData = new ByteArrayOutputStream();
        authData.write(MessageDigest.getInstance("SHA-256").digest(rpId.getBytes(StandardCharsets.UTF_8)));
        authData.write(0x45);                       // user present, user verified, attested credential data
        authData.write(new byte[4]);                // sign count
        authData.write(new byte[16]);               // AAGUID
        authData.write(credentialId.length >> 8);
        authData.write(credentialId.length & 0xff);
        authData.write(credentialId);
        authData.write(coseKey((ECPublicKey) keys.getPublic()));

        ByteArrayOutputStream attestation = new ByteArrayOutputStream();
        attestation.write(0xa3);                    // map of 3
        text(attestation, "fmt");
        text(attestation, "none");
        text(attestation, "attStmt");
        attestation.write(0xa0);                    // empty map
        text(attestation, "authData");
        bytes(attestation, authData.toByteArray());

        Map<String, String> form = new LinkedHashMap<>();
        form.put("clientDataJSON", B64URL.encodeToString(clientData.getBytes(StandardCharsets.UTF_8)));
        form.put("attestationObject", B64URL.encodeToString(attestation.toByteArray()));
        form.put("publicKeyCredentialId", B64URL.encodeToString(credentialId));
        form.put("authenticatorLabel", "test passkey");
        form.put("transports", "internal");
        form.put("authenticatorAttachment", "platform");
        form.put("error", "");
        return form;
    }

    /** COSE_Key {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}. */
    private static byte[] coseKey(ECPublicKey key) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xa5);
        out.write(0x01);
        out.write(0x02);
        out.write(0x03);
        out.write(0x26);
        out.write(0x20);
        out.write(0x01);
        out.write(0x21);
        bytes(out, fixed(key.getW().getAffineX()));
        out.write(0x22);
        bytes(out, fixed(key.getW().getAffineY()));
        return out.toByteArray();
    }

    private static byte[] fixed(BigInteger coordinate) {
        byte[] raw = coordinate.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }

    private static void text(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(0x60 + b.length);
        out.writeBytes(b);
    }

    private static void bytes(ByteArrayOutputStream out, byte[] b) {
        if (b.length < 24) {
            out.write(0x40 + b.length);
        } else if (b.length < 256) {
            out.write(0x58);
            out.write(b.length);
        } else {
            out.write(0x59);
            out.write(b.length >> 8);
            out.write(b.length & 0xff);
        }
        out.writeBytes(b);
    }
}
