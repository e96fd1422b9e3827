package dev.kcaudit.audit.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.capture.OwnEntries;
import dev.kcaudit.audit.config.AuditConfig;
import dev.kcaudit.audit.config.AuditConfigParser;
import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Change;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.Source;
import dev.kcaudit.audit.store.AuditStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.util.JsonSerialization;

/** Reads and writes the realm's audit settings; every change is itself audited. */
final class ConfigEndpoint {

    private final KeycloakSession session;
    private final RealmModel realm;

    ConfigEndpoint(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** For event managers and realm auditors ({@code scope} is asked only of those who cannot manage events). */
    AuditConfig read(AdminPermissionEvaluator auth, Supplier<CallerScope> scope) {
        if (!auth.realm().canManageEvents() && !scope.get().wholeRealm()) {
            throw ApiError.forbidden("The audit settings are for realm auditors and event managers");
        }
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
        AuditStore store = session.getProvider(AuditStore.class);
        Actor actor = OwnEntries.admin(session, admin.getRealm(), admin.getUser(), admin.getClient());
        String ip = session.getContext().getConnection().getRemoteAddr();
        // Capture narrowed or widened: an entry of its own, so verify can list what was not captured when.
        categoriesChanged(before.categories(), after.categories(), AuditAction.AUDIT_CAPTURE_CATEGORY_REMOVED, actor, ip)
                .ifPresent(store::save);
        categoriesChanged(after.categories(), before.categories(), AuditAction.AUDIT_CAPTURE_CATEGORY_ADDED, actor, ip)
                .ifPresent(store::save);
        List<Change> changes = OwnEntries.diff(tree(before), tree(after));
        if (!changes.isEmpty()) {
            store.save(OwnEntries.entry(realm, AuditAction.AUDIT_CONFIG_UPDATED, actor,
                    new Resource("audit-config", realm.getId(), realm.getName()), changes, ip, Source.ADMIN_API,
                    Map.of()));
        }
        return after;
    }

    /** The categories in {@code from} but not in {@code to}, as an entry of {@code action}. */
    private Optional<AuditEntry> categoriesChanged(Set<String> from, Set<String> to, AuditAction action, Actor actor,
                                                   String ip) {
        List<String> gone = from.stream().filter(c -> !to.contains(c)).sorted().toList();
        return gone.isEmpty() ? Optional.empty() : Optional.of(OwnEntries.entry(realm, action, actor,
                new Resource("audit-config", realm.getId(), realm.getName()), List.of(), ip, Source.ADMIN_API,
                Map.of("categories", gone)));
    }

    private static JsonNode tree(AuditConfig config) {
        return JsonSerialization.mapper.valueToTree(config);
    }
}
