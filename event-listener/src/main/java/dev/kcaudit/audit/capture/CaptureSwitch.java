package dev.kcaudit.audit.capture;

import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.Source;
import dev.kcaudit.audit.store.AuditFilter;
import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.store.PageRequest;
import dev.kcaudit.audit.store.SortKey;
import dev.kcaudit.audit.model.Category;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The {@code audit-log} listener removed from a realm (or added back): {@code audit.capture.disabled} (or
 * {@code .enabled}), so that gaps in the log are visible and {@code verify} can list them. Keycloak sends the realm
 * update that removes the listener to the listeners the realm had before, so the entry is written in the same
 * transaction as the change, before capture stops. Changes Keycloak sends no admin event for (a realm import, the
 * listener added back by a full realm update) are found by {@link #reconcile} on the maintenance timer.
 */
public final class CaptureSwitch {

    private static final Set<String> SWITCHES = Set.of(AuditAction.AUDIT_CAPTURE_DISABLED.id(),
            AuditAction.AUDIT_CAPTURE_ENABLED.id());

    private CaptureSwitch() {
    }

    /** For a realm update: the switch it makes, if any. */
    static Optional<AuditEntry> onAdminEvent(KeycloakSession session, ContextResolver resolver, AdminEvent event) {
        if (!"REALM".equals(event.getResourceTypeAsString()) || event.getOperationType() != OperationType.UPDATE) {
            return Optional.empty();
        }
        RealmModel realm = resolver.realm(event.getRealmId());
        AuthDetails auth = event.getAuthDetails();
        Actor actor = auth == null ? Actor.system()
                : resolver.actor(resolver.realm(auth.getRealmId()), auth.getUserId(), auth.getClientId(), null);
        return change(session.getProvider(AuditStore.class), realm, actor,
                auth == null ? null : auth.getIpAddress(), "admin-event");
    }

    /**
     * Every realm whose listener state differs from what its log last recorded; once per cluster. A realm without the
     * listener counts as switched off only when its log holds captured entries (not just the audit log's own, such as
     * the tombstones the master realm keeps): a realm that never captured has no gap.
     */
    public static void reconcile(KeycloakSession session) {
        AuditStore store = session.getProvider(AuditStore.class);
        session.realms().getRealmsStream().forEach(realm -> {
            if (AuditEventListenerProviderFactory.isEnabled(realm) || everCaptured(store, realm)) {
                change(store, realm, Actor.system(), null, "maintenance").ifPresent(store::save);
            }
        });
    }

    private static boolean everCaptured(AuditStore store, RealmModel realm) {
        Set<String> captured = Arrays.stream(Category.values()).filter(c -> c != Category.AUDIT && c.capturable()).map(Category::id)
                .collect(Collectors.toSet());
        return store.count(new AuditFilter(realm.getId(), Long.MIN_VALUE, Long.MAX_VALUE, captured, Set.of(), Set.of(),
                Set.of(), Set.of(), List.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), List.of(), null), 1) > 0;
    }

    private static Optional<AuditEntry> change(AuditStore store, RealmModel realm, Actor actor, String ip,
                                               String detectedBy) {
        boolean on = AuditEventListenerProviderFactory.isEnabled(realm);
        boolean recordedOff = lastRecorded(store, realm).map(AuditAction.AUDIT_CAPTURE_DISABLED::equals).orElse(false);
        if (on == !recordedOff) {
            return Optional.empty();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("listeners", realm.getEventsListenersStream().sorted().toList());
        details.put("detectedBy", detectedBy);
        return Optional.of(OwnEntries.entry(realm, on ? AuditAction.AUDIT_CAPTURE_ENABLED
                : AuditAction.AUDIT_CAPTURE_DISABLED, actor, new Resource("realm", realm.getId(), realm.getName()),
                List.of(), ip, actor.type() == Actor.Type.SYSTEM ? Source.SYSTEM : Source.ADMIN_API, details));
    }

    /** The newest capture switch the realm's log holds. */
    private static Optional<AuditAction> lastRecorded(AuditStore store, RealmModel realm) {
        AuditFilter switches = new AuditFilter(realm.getId(), Long.MIN_VALUE, Long.MAX_VALUE, Set.of(), SWITCHES,
                Set.of(), Set.of(), Set.of(), List.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), List.of(), null);
        return store.find(switches, new PageRequest(SortKey.TIME, false, 1, 0, null, false)).stream().findFirst()
                .map(AuditEntry::action);
    }
}
