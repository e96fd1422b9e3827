package dev.kcaudit.audit.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.store.AuditStore;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;

/** When nothing works (here: every session call fails), logins go on and admin changes do not commit unaudited. */
class CaptureFailureTest {

    private static final Origins NO_ORIGINS = new Origins(new UserAgents(), GeoIp.none());

    private static KeycloakSession brokenSession() {
        return (KeycloakSession) Proxy.newProxyInstance(KeycloakSession.class.getClassLoader(),
                new Class<?>[] {KeycloakSession.class}, (proxy, method, args) -> {
                    throw new IllegalStateException("database unavailable");
                });
    }

    @Test
    void aUserEventThatCannotBeAuditedDoesNotFailTheLogin() {
        Event login = new Event();
        login.setId("event-1");
        login.setType(EventType.LOGIN);
        login.setRealmId("realm-1");
        assertThatCode(() -> new AuditEventListenerProvider(brokenSession(), NO_ORIGINS).onEvent(login)).doesNotThrowAnyException();
    }

    /**
     * A session whose store works but whose every other call fails the way code compiled against a newer Keycloak
     * fails on an older one (a constant or method the older server lacks).
     */
    private static KeycloakSession olderKeycloak(List<AuditEntry> saved) {
        AuditStore store = (AuditStore) Proxy.newProxyInstance(AuditStore.class.getClassLoader(),
                new Class<?>[] {AuditStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("save")) {
                        saved.add((AuditEntry) args[0]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (KeycloakSession) Proxy.newProxyInstance(KeycloakSession.class.getClassLoader(),
                new Class<?>[] {KeycloakSession.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getProvider") && args.length == 1 && args[0] == AuditStore.class) {
                        return store;
                    }
                    throw new NoSuchFieldError("USER_SESSION_DELETED");
                });
    }

    @Test
    void aUserEventTheListenerCannotClassifyIsRecordedAsAGenericEntryWithKeycloaksType() {
        List<AuditEntry> saved = new ArrayList<>();
        Event failed = new Event();
        failed.setId("event-2");
        failed.setTime(1_700_000_000_000L);
        failed.setType(EventType.LOGIN_ERROR);
        failed.setRealmId("realm-1");
        failed.setUserId("user-1");
        failed.setClientId("demo-app");
        failed.setSessionId("session-1");
        failed.setError("invalid_user_credentials");

        assertThatCode(() -> new AuditEventListenerProvider(olderKeycloak(saved), NO_ORIGINS).onEvent(failed))
                .doesNotThrowAnyException();

        assertThat(saved).hasSize(1);
        AuditEntry entry = saved.get(0);
        assertThat(entry.action()).isEqualTo(AuditAction.AUTH_OTHER_FAILED);
        assertThat(entry.details()).containsEntry("keycloakEventType", "LOGIN_ERROR")
                .containsEntry("keycloakEventId", "event-2");
        assertThat(entry.outcome().reason()).isEqualTo("invalid_user_credentials");
        assertThat(entry.realmId()).isEqualTo("realm-1");
        assertThat(entry.time()).isEqualTo(1_700_000_000_000L);
        assertThat(entry.actor().id()).isEqualTo("user-1");
        assertThat(entry.resource().id()).isEqualTo("user-1");
        assertThat(entry.ipAddress()).isNull();
    }

    @Test
    void anAdminEventThatCannotBeAuditedFailsTheChange() {
        AdminEvent change = new AdminEvent();
        change.setRealmId("realm-1");
        change.setResourceType(ResourceType.USER);
        change.setOperationType(OperationType.CREATE);
        change.setResourcePath("users/u1");
        assertThatThrownBy(() -> new AuditEventListenerProvider(brokenSession(), NO_ORIGINS).onEvent(change, true))
                .isInstanceOf(IllegalStateException.class);
    }
}
