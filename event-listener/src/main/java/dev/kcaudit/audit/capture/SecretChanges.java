package dev.kcaudit.audit.capture;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.kcaudit.audit.redaction.Redactor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.keycloak.component.ComponentModel;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Which credentials an admin change set, for the {@code secret-changed} signal: an identity provider's, a client's,
 * a component's (LDAP bind credential, key material) or the realm's SMTP password. Keycloak masks them in event
 * representations, so the new values are read from the change's session and the old ones from the committed state
 * (another transaction), and compared in memory. Only the names of the fields that changed are recorded.
 */
final class SecretChanges {

    private SecretChanges() {
    }

    static List<String> of(KeycloakSession session, RealmModel realm, String type, String id, OperationType op) {
        if (op != OperationType.CREATE && op != OperationType.UPDATE || id == null && !"realm".equals(type)) {
            return List.of();
        }
        Map<String, String> now = secrets(session, realm, type, id);
        if (now.isEmpty()) {
            return List.of();
        }
        Map<String, String> before = op == OperationType.CREATE ? Map.of() : committed(session, realm.getId(), type, id);
        if (before == null) {
            return List.of();
        }
        TreeSet<String> changed = new TreeSet<>();
        now.forEach((field, value) -> {
            if (!Objects.equals(value, before.get(field))) {
                changed.add(field);
            }
        });
        return List.copyOf(changed);
    }

    private static Map<String, String> committed(KeycloakSession session, String realmId, String type, String id) {
        return CommittedState.read(session, realmId, (s, realm) -> secrets(s, realm, type, id), "secrets of " + type
                + " " + id);
    }

    /** The non-empty secret values of the resource, by field name. */
    private static Map<String, String> secrets(KeycloakSession s, RealmModel realm, String type, String id) {
        Map<String, String> found = new HashMap<>();
        switch (type) {
            case "identity-provider" -> {
                IdentityProviderModel idp = s.identityProviders().getByAlias(id);
                if (idp != null) {
                    sensitive(idp.getConfig(), "config.", found);
                }
            }
            case "client" -> {
                ClientModel client = realm.getClientById(id);
                if (client != null && client.getSecret() != null && !client.getSecret().isEmpty()) {
                    found.put("secret", client.getSecret());
                }
            }
            case "component" -> {
                ComponentModel component = realm.getComponent(id);
                if (component != null) {
                    component.getConfig().forEach((k, values) -> {
                        if (values != null && sensitive(k, String.join("\n", values))) {
                            found.put("config." + k, String.join("\n", values));
                        }
                    });
                }
            }
            case "realm" -> sensitive(realm.getSmtpConfig(), "smtpServer.", found);
            default -> { }
        }
        found.values().removeIf(v -> v == null || v.isEmpty());
        return found;
    }

    private static boolean sensitive(String name, String value) {
        return Redactor.standard().isSensitive(name, TextNode.valueOf(value));
    }

    private static void sensitive(Map<String, String> config, String prefix, Map<String, String> found) {
        if (config != null) {
            config.forEach((k, v) -> {
                if (v != null && sensitive(k, v)) {
                    found.put(prefix + k, v);
                }
            });
        }
    }
}
