package dev.kcaudit.audit.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Pure: strips secrets from representations and event details before anything is stored. A field is dropped
 * when its name contains one of the sensitive fragments, equals a token name, or is one of the realm's extra
 * redacted names; the rule applies at every depth (attribute maps, IdP config, component config…).
 */
public final class Redactor {

    private static final String[] SENSITIVE_FRAGMENTS = {"password", "secret", "credential", "privatekey", "salt"};
    private static final Set<String> TOKEN_NAMES = Set.of("token", "access_token", "refresh_token", "id_token",
            "accesstoken", "refreshtoken", "idtoken", "bearertoken", "code", "client_assertion");
    /** Names that contain a fragment but describe a kind or a policy, never a secret value. */
    private static final Set<String> ALLOWED = Set.of("credential_type", "credentialtype", "passwordpolicy",
            "password_policy", "credential_id", "credentialid", "secrettype");

    private final Set<String> extraNames;

    public Redactor(Set<String> extraNames) {
        this.extraNames = extraNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    public boolean isSensitive(String fieldName) {
        String n = fieldName.toLowerCase(Locale.ROOT);
        if (ALLOWED.contains(n)) {
            return false;
        }
        if (TOKEN_NAMES.contains(n) || extraNames.contains(n)) {
            return true;
        }
        for (String f : SENSITIVE_FRAGMENTS) {
            if (n.contains(f)) {
                return true;
            }
        }
        return false;
    }

    /** Removes sensitive fields in place and returns the same node. */
    public JsonNode redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (isSensitive(field.getKey())) {
                    fields.remove();
                } else {
                    redact(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(this::redact);
        }
        return node;
    }

    /** A copy of event details without sensitive keys. */
    public Map<String, String> redact(Map<String, String> details) {
        Map<String, String> safe = new HashMap<>();
        if (details != null) {
            details.forEach((k, v) -> {
                if (!isSensitive(k)) {
                    safe.put(k, v);
                }
            });
        }
        return safe;
    }
}
