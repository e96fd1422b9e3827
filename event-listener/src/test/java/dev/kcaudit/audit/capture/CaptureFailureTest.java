package dev.kcaudit.audit.capture;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;

/** When nothing works (here: every session call fails), logins go on and admin changes do not commit unaudited. */
class CaptureFailureTest {

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
        assertThatCode(() -> new AuditEventListenerProvider(brokenSession()).onEvent(login)).doesNotThrowAnyException();
    }

    @Test
    void anAdminEventThatCannotBeAuditedFailsTheChange() {
        AdminEvent change = new AdminEvent();
        change.setRealmId("realm-1");
        change.setResourceType(ResourceType.USER);
        change.setOperationType(OperationType.CREATE);
        change.setResourcePath("users/u1");
        assertThatThrownBy(() -> new AuditEventListenerProvider(brokenSession()).onEvent(change, true))
                .isInstanceOf(IllegalStateException.class);
    }
}
