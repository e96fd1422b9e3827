package dev.kcaudit.audit.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcaudit.audit.model.AuditAction;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;

class UserEventClassifierTest {

    private static Event event(EventType type, Map<String, String> details) {
        Event e = new Event();
        e.setType(type);
        e.setDetails(details);
        return e;
    }

    @Test
    void loginAndFailedLoginAreAuthenticationActions() {
        assertThat(UserEventClassifier.classify(event(EventType.LOGIN, null))).isEqualTo(AuditAction.LOGIN);
        Event failed = event(EventType.LOGIN_ERROR, null);
        failed.setError("invalid_user_credentials");
        assertThat(UserEventClassifier.classify(failed)).isEqualTo(AuditAction.LOGIN_FAILED);
        assertThat(UserEventClassifier.isFailure(failed)).isTrue();
    }

    @Test
    void credentialEventsAreClassifiedByCredentialType() {
        assertThat(UserEventClassifier.classify(event(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", "otp"))))
                .isEqualTo(AuditAction.OTP_ADDED);
        assertThat(UserEventClassifier.classify(
                event(EventType.REMOVE_CREDENTIAL, Map.of("credential_type", "webauthn-passwordless"))))
                .isEqualTo(AuditAction.PASSKEY_REMOVED);
        assertThat(UserEventClassifier.classify(
                event(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", "password"))))
                .isEqualTo(AuditAction.PASSWORD_UPDATED);
    }

    @Test
    void unknownTypesFallBackWithoutLosingTheFailure() {
        assertThat(UserEventClassifier.classify(event(EventType.CLIENT_INFO, null))).isEqualTo(AuditAction.AUTH_OTHER);
        assertThat(UserEventClassifier.classify(event(EventType.CLIENT_INFO_ERROR, null)))
                .isEqualTo(AuditAction.AUTH_OTHER_FAILED);
    }

    @Test
    void everyEventTypeMapsToSomeAction() {
        for (EventType type : EventType.values()) {
            assertThat(UserEventClassifier.classify(event(type, Map.of()))).as(type.name()).isNotNull();
        }
    }
}
