package dev.kcaudit.audit.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kcaudit.audit.model.Change;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pure: strips secrets before anything is stored, by the rules of {@link SecretNames}, at every depth (attribute
 * maps, IdP config, component config…). Besides field names it knows name/value pairs: an object whose {@code type},
 * {@code name}, {@code path}, {@code key}, {@code field} or {@code attribute} names a secret loses its {@code value}
 * (a credential {@code {type: password, value}}, a SCIM patch {@code {path: password, value}}).
 */
public final class Redactor {

    private static final Set<String> PAIR_NAMES = Set.of("type", "name", "path", "key", "field", "attribute");
    private static final Set<String> PAIR_VALUES = Set.of("value", "values", "old", "new", "defaultvalue");

    private static volatile Redactor standard;

    private final Set<String> providerNames;
    private final Set<String> alwaysSecret;

    /** The vocabulary plus the provider-declared secret names plus the realm's own extra names. */
    public Redactor(Set<String> realmNames) {
        this(realmNames, ProviderSecrets.names());
    }

    /** For tests: with these provider-declared secret names instead of the collected ones. */
    public Redactor(Set<String> realmNames, Set<String> providerNames) {
        this.providerNames = providerNames;
        Set<String> names = new HashSet<>(providerNames);
        realmNames.forEach(n -> names.add(SecretNames.normalise(n)));
        names.remove("");
        this.alwaysSecret = Set.copyOf(names);
    }

    /** The vocabulary and the provider-declared names, without realm names: what the store applies to every row. */
    public static Redactor standard() {
        Redactor r = standard;
        if (r == null || r.providerNames != ProviderSecrets.names()) {
            r = new Redactor(Set.of());
            standard = r;
        }
        return r;
    }

    /** Whether a field of this name holding this value must not be stored ({@code value} null: unknown). */
    public boolean isSensitive(String name, JsonNode value) {
        return SecretNames.secret(SecretNames.normalise(name), value, alwaysSecret);
    }

    /**
     * Whether a dotted field path (a change's {@code attributes.saml.signing.private.key}, a SCIM path) names a
     * secret. Its first segment is a container ({@code attributes}, {@code smtpServer}) or the whole name; after it,
     * a map key may itself contain dots, so the segments ending at the last one are read as one name, each run of
     * them ({@code key}, {@code private.key}, {@code signing.private.key}…). A middle segment alone is no name:
     * {@code id.token.signed.response.alg} is an algorithm, not a token.
     */
    public boolean isSensitivePath(String path, JsonNode value) {
        String[] segments = path.split("[.:\\[\\]]");
        if (segments.length == 0 || isSensitive(segments[0], segments.length == 1 ? value : null)) {
            return segments.length > 0;
        }
        StringBuilder run = new StringBuilder();
        for (int i = segments.length - 1; i >= 1; i--) {
            run.insert(0, segments[i]);
            if (isSensitive(run.toString(), value)) {
                return true;
            }
        }
        return false;
    }

    /** Removes secrets in place and returns the same node. */
    public JsonNode redact(JsonNode node) {
        strip(node);
        return node;
    }

    /**
     * Removes secrets in place and tells whether it removed any: a caller keeping the original when nothing went needs
     * no copy of the tree to compare with (redaction only ever removes fields).
     */
    public boolean strip(JsonNode node) {
        boolean removed = false;
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (isSensitive(field.getKey(), field.getValue())) {
                    fields.remove();
                    removed = true;
                } else {
                    removed |= strip(field.getValue());
                }
            }
            if (namesASecret(object)) {
                removed |= object.properties().removeIf(f -> PAIR_VALUES.contains(SecretNames.normalise(f.getKey())));
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode item : array) {
                removed |= strip(item);
            }
        }
        return removed;
    }

    private boolean namesASecret(ObjectNode object) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (PAIR_NAMES.contains(SecretNames.normalise(field.getKey())) && field.getValue().isTextual()
                    && isSensitivePath(field.getValue().asText(), null)) {
                return true;
            }
        }
        return false;
    }

    /** A copy of event details without secrets. */
    public Map<String, String> redact(Map<String, String> details) {
        Map<String, String> safe = new LinkedHashMap<>();
        if (details != null) {
            details.forEach((k, v) -> {
                if (!isSensitive(k, v == null ? null : TextNode.valueOf(v))) {
                    safe.put(k, v);
                }
            });
        }
        return safe;
    }

    /** The changes without those whose field names a secret; JSON values inside a change are redacted too. */
    public List<Change> redact(List<Change> changes) {
        List<Change> safe = new ArrayList<>(changes.size());
        for (Change c : changes) {
            JsonNode old = c.oldValue() == null ? null : TextNode.valueOf(c.oldValue());
            JsonNode now = c.newValue() == null ? null : TextNode.valueOf(c.newValue());
            // A side that is absent reveals nothing: judge the value by the side that is there.
            boolean secret = old == null && now == null ? isSensitivePath(c.field(), null)
                    : old != null && isSensitivePath(c.field(), old) || now != null && isSensitivePath(c.field(), now);
            if (!secret) {
                safe.add(new Change(c.field(), JsonText.redact(c.oldValue(), this),
                        JsonText.redact(c.newValue(), this)));
            }
        }
        return safe;
    }
}
