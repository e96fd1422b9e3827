package dev.kcaudit.audit.integrity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The keys that sign seals and purge statements. A configured keystore (PKCS#12 by default) keeps the key outside
 * Keycloak's database, so a database writer cannot re-sign what they changed; its key id is
 * {@code keystore:<SHA-256 of the public key, 16 hex>}. Without one, the realm's active RS256 key signs (the
 * documented fallback: it lives in the same database). Once a keystore is configured, a realm-key signature on a
 * seal made after the first keystore seal is a downgrade and does not verify.
 */
public final class SealKeys {

    public static final String KEYSTORE_PREFIX = "keystore:";

    /** What signing produced. */
    public record Signed(String algorithm, String keyId, String signature) {
    }

    private record Loaded(String keyId, PrivateKey privateKey, PublicKey publicKey, String algorithm) {
    }

    private static volatile Loaded loaded;
    private static volatile IntegrityConfig loadedFor;

    private SealKeys() {
    }

    public static Signed sign(KeycloakSession session, RealmModel realm, String text) {
        Loaded keystore = keystore();
        if (keystore != null) {
            return new Signed(keystore.algorithm(), keystore.keyId(), sign(keystore.algorithm(),
                    keystore.privateKey(), text));
        }
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.RS256);
        return new Signed(Algorithm.RS256, key.getKid(), sign(Algorithm.RS256, (PrivateKey) key.getPrivateKey(), text));
    }

    /** Whether {@code signature} over {@code text} verifies with the key {@code keyId} names. */
    public static boolean verifies(KeycloakSession session, RealmModel realm, String keyId, String algorithm,
                                   String text, String signature) {
        PublicKey key = publicKey(session, realm, keyId, algorithm);
        if (key == null || signature == null) {
            return false;
        }
        try {
            // The key's own type names the signature scheme: a purge statement may be signed by another key than its seal.
            Signature s = Signature.getInstance("EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA");
            s.initVerify(key);
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The public key a key id names: the configured keystore's, or one of the realm's keys. */
    public static PublicKey publicKey(KeycloakSession session, RealmModel realm, String keyId, String algorithm) {
        if (keyId != null && keyId.startsWith(KEYSTORE_PREFIX)) {
            Loaded keystore = keystore();
            return keystore != null && keystore.keyId().equals(keyId) ? keystore.publicKey() : null;
        }
        KeyWrapper key = session.keys().getKey(realm, keyId, KeyUse.SIG, algorithm);
        return key == null ? null : (PublicKey) key.getPublicKey();
    }

    public static boolean keystoreConfigured() {
        return IntegrityConfig.current().keystore() != null;
    }

    private static Loaded keystore() {
        IntegrityConfig config = IntegrityConfig.current();
        if (config.keystore() == null) {
            return null;
        }
        if (loadedFor != config) {
            loaded = load(config);
            loadedFor = config;
        }
        return loaded;
    }

    private static Loaded load(IntegrityConfig config) {
        try (InputStream in = Files.newInputStream(config.keystore())) {
            KeyStore store = KeyStore.getInstance(config.keystoreType());
            store.load(in, config.keystorePassword());
            String alias = config.keyAlias() != null ? config.keyAlias() : Collections.list(store.aliases()).stream()
                    .filter(a -> isKey(store, a)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("The seal keystore holds no private key"));
            PrivateKey privateKey = (PrivateKey) store.getKey(alias, config.keystorePassword());
            if (privateKey == null) {
                throw new IllegalStateException("The seal keystore has no private key under alias " + alias);
            }
            PublicKey publicKey = store.getCertificate(alias).getPublicKey();
            String algorithm = "EC".equals(privateKey.getAlgorithm()) ? Algorithm.ES256 : Algorithm.RS256;
            String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(publicKey.getEncoded())).substring(0, 16);
            return new Loaded(KEYSTORE_PREFIX + fingerprint, privateKey, publicKey, algorithm);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Could not read the seal keystore " + config.keystore() + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String sign(String algorithm, PrivateKey key, String text) {
        try {
            Signature s = Signature.getInstance(jcaName(algorithm));
            s.initSign(key);
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign an audit seal", e);
        }
    }

    /** ES256 signatures are DER-encoded (what openssl dgst -verify reads), RS256 is PKCS#1 v1.5. */
    private static String jcaName(String algorithm) {
        return Algorithm.ES256.equals(algorithm) ? "SHA256withECDSA" : "SHA256withRSA";
    }
}
