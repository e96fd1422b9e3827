package dev.kcaudit.audit.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.capture.OwnEntries;
import dev.kcaudit.audit.config.AuditConfig;
import dev.kcaudit.audit.config.AuditConfigParser;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.Change;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.Source;
import dev.kcaudit.audit.store.AuditStore;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.util.JsonSerialization;

/** Reads and writes the realm's audit settings; every change is itself audited. */
final class ConfigEndpoint {

    private final KeycloakSession session;
    private final RealmModel realm;

    ConfigEndpoint(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    AuditConfig read() {
        return AuditConfig.of(realm);
    }

    AuditConfig write(String body, AdminAuth admin) {
        AuditConfig before = AuditConfig.of(realm);
        AuditConfig after;
        try {
            after = AuditConfigParser.parse(body, before);
        } catch (AuditConfigParser.InvalidConfig e) {
            throw ApiError.badRequest(e.field(), e.getMessage());
        }
        after.save(realm);
        List<Change> changes = OwnEntries.diff(tree(before), tree(after));
        if (!changes.isEmpty()) {
            session.getProvider(AuditStore.class).save(OwnEntries.entry(realm, AuditAction.AUDIT_CONFIG_UPDATED,
                    OwnEntries.admin(session, admin.getRealm(), admin.getUser(), admin.getClient()),
                    new Resource("audit-config", realm.getId(), realm.getName()), changes,
                    session.getContext().getConnection().getRemoteAddr(), Source.ADMIN_API, Map.of()));
        }
        return after;
    }

    private static JsonNode tree(AuditConfig config) {
        return JsonSerialization.mapper.valueToTree(config);
    }
}
