package dev.kcaudit.audit.stream;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The keys stream secrets are sealed with. Preferred: the {@code stream-secret-key} option (key id {@code opt}),
 * which lives outside the database, so a database reader (a dump, a backup) gets nothing. Without it: a key
 * derived (HMAC-SHA256) from the realm's active AES key, which Keycloak keeps in its own database; that protects
 * against reading the audit tables alone, not against a reader of the whole database (docs/streams.md).
 */
public final class StreamKeys {

    static final String OPTION_KID = "opt";
    private final KeycloakSession session;
    private final RealmModel realm;

    public StreamKeys(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    public String seal(String plain, String streamId) {
        String configured = StreamSettings.current().secretKey();
        if (configured != null) {
            return SecretBox.seal(plain, streamId, OPTION_KID, optionKey(configured));
        }
        KeyWrapper active = session.keys().getActiveKey(realm, KeyUse.ENC, Algorithm.AES);
        if (active == null || active.getSecretKey() == null) {
            throw new IllegalStateException("Realm " + realm.getName() + " has no active AES key for stream secrets");
        }
        return SecretBox.seal(plain, streamId, "r-" + active.getKid(), derived(active.getSecretKey()));
    }

    public String open(String sealed, String streamId) {
        return SecretBox.open(sealed, streamId, this::byId);
    }

    private SecretKey byId(String kid) {
        if (OPTION_KID.equals(kid)) {
            String configured = StreamSettings.current().secretKey();
            return configured == null ? null : optionKey(configured);
        }
        if (!kid.startsWith("r-")) {
            return null;
        }
        KeyWrapper key = session.keys().getKey(realm, kid.substring(2), KeyUse.ENC, Algorithm.AES);
        return key == null || key.getSecretKey() == null ? null : derived(key.getSecretKey());
    }

    private static SecretKey optionKey(String base64) {
        byte[] raw = Base64.getDecoder().decode(base64.trim());
        if (raw.length != 32) {
            throw new IllegalStateException("stream-secret-key must be 32 bytes, base64-encoded");
        }
        return new SecretKeySpec(raw, "AES");
    }

    /** A key of its own for stream secrets, so the realm key is never used for two purposes. */
    private static SecretKey derived(SecretKey realmKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(realmKey.getEncoded(), "HmacSHA256"));
            return new SecretKeySpec(mac.doFinal("keycloak-audit-log stream secrets v1".getBytes(StandardCharsets.UTF_8)),
                    "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
