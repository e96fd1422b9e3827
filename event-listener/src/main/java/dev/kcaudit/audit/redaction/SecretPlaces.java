package dev.kcaudit.audit.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pure: admin endpoints whose event representation is secret material as a whole, known by their resource path
 * (read in Keycloak 26.7.3's sources). Their representation is dropped, or cut down to its public fields, before any
 * name rule runs: the action itself is still recorded.
 * <ul>
 *   <li>{@code clients/{id}/registration-access-token}: the whole client with a live registration access token;</li>
 *   <li>{@code clients/{id}/client-secret} and {@code …/client-secret/rotated}: the secret as a credential;</li>
 *   <li>{@code users/{id}/reset-password}: the new password as a credential (no representation in 26.7, but
 *       this is where one would be);</li>
 *   <li>{@code clients/{id}/certificates/{attr}/generate|generate-and-download|upload|upload-certificate}: a key
 *       pair; only its certificate and key id are kept.</li>
 * </ul>
 */
public final class SecretPlaces {

    private static final List<Pattern> DROPPED = List.of(
            Pattern.compile("clients/[^/]+/registration-access-token"),
            Pattern.compile("clients/[^/]+/client-secret(/rotated)?"),
            Pattern.compile("users/[^/]+/reset-password"));
    private static final Pattern KEY_PAIR = Pattern.compile(
            "clients/[^/]+/certificates/[^/]+/(generate|generate-and-download|upload|upload-certificate)");
    private static final Set<String> KEY_PAIR_PUBLIC = Set.of("certificate", "kid");

    private SecretPlaces() {
    }

    /** The representation as it may be kept for this admin resource path: null, cut down, or as it was. */
    public static JsonNode representation(String resourcePath, JsonNode rep) {
        if (rep == null || resourcePath == null) {
            return rep;
        }
        String path = resourcePath.startsWith("/") ? resourcePath.substring(1) : resourcePath;
        if (DROPPED.stream().anyMatch(p -> p.matcher(path).matches())) {
            return null;
        }
        if (KEY_PAIR.matcher(path).matches() && rep instanceof ObjectNode pair) {
            pair.properties().removeIf(f -> !KEY_PAIR_PUBLIC.contains(f.getKey()));
        }
        return rep;
    }
}
