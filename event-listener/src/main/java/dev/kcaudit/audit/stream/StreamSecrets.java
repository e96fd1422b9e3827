package dev.kcaudit.audit.stream;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.keycloak.models.KeycloakSession;
import org.keycloak.util.JsonSerialization;
import org.keycloak.vault.VaultStringSecret;

/**
 * A stream's secrets as one JSON object ({@code secret}, {@code token}, {@code header:<name>}), sealed as a whole
 * by {@link StreamKeys}. A value of the form {@code ${vault.key}} stays a reference and is read from Keycloak's
 * vault at each delivery.
 */
public final class StreamSecrets {

    public static final String HEADER_PREFIX = "header:";
    private static final Pattern VAULT = Pattern.compile("^\\$\\{vault\\.[^}]+}$");

    private StreamSecrets() {
    }

    public static boolean isVaultReference(String value) {
        return value != null && VAULT.matcher(value).matches();
    }

    public static String toJson(Map<String, String> secrets) {
        try {
            return JsonSerialization.writeValueAsString(secrets);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, String> fromJson(String json) {
        try {
            return json == null ? new LinkedHashMap<>() : JsonSerialization.readValue(json, new TypeReference<>() { });
        } catch (IOException e) {
            throw new IllegalStateException("stream secrets unreadable", e);
        }
    }

    /** The values to send with: vault references resolved (a missing vault entry is an error, not an empty value). */
    public static Map<String, String> resolve(KeycloakSession session, Map<String, String> secrets) {
        Map<String, String> resolved = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : secrets.entrySet()) {
            String value = e.getValue();
            if (isVaultReference(value)) {
                try (VaultStringSecret secret = session.vault().getStringSecret(value)) {
                    value = secret.get().orElseThrow(() -> new IllegalStateException("vault has no entry for "
                            + e.getKey() + " (" + e.getValue() + ")"));
                }
            }
            resolved.put(e.getKey(), value);
        }
        return resolved;
    }
}
