package dev.kcaudit.audit.capture;

import dev.kcaudit.audit.model.AuditAction;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;

/** Pure: which action a Keycloak user event is. Unknown types fall back to {@code auth.other(.failed)}. */
public final class UserEventClassifier {

    /** Token-endpoint chatter that would drown the log; captured only when a realm turns it on. */
    public static final Set<EventType> HIGH_VOLUME = Set.of(
            EventType.CODE_TO_TOKEN, EventType.REFRESH_TOKEN, EventType.INTROSPECT_TOKEN,
            EventType.USER_INFO_REQUEST, EventType.VALIDATE_ACCESS_TOKEN, EventType.PERMISSION_TOKEN,
            EventType.PUSHED_AUTHORIZATION_REQUEST, EventType.RESTART_AUTHENTICATION);

    private static final Map<EventType, AuditAction> FIXED = new EnumMap<>(EventType.class);

    static {
        fixed(AuditAction.LOGIN, EventType.LOGIN);
        fixed(AuditAction.LOGIN_FAILED, EventType.LOGIN_ERROR);
        fixed(AuditAction.LOGOUT, EventType.LOGOUT);
        fixed(AuditAction.LOGOUT_FAILED, EventType.LOGOUT_ERROR);
        fixed(AuditAction.SESSION_DELETED, EventType.USER_SESSION_DELETED);
        fixed(AuditAction.IDP_LOGIN, EventType.IDENTITY_PROVIDER_LOGIN, EventType.IDENTITY_PROVIDER_FIRST_LOGIN,
                EventType.IDENTITY_PROVIDER_POST_LOGIN);
        fixed(AuditAction.IDP_LOGIN_FAILED, EventType.IDENTITY_PROVIDER_LOGIN_ERROR,
                EventType.IDENTITY_PROVIDER_FIRST_LOGIN_ERROR, EventType.IDENTITY_PROVIDER_POST_LOGIN_ERROR);
        fixed(AuditAction.IMPERSONATION, EventType.IMPERSONATE);
        fixed(AuditAction.IMPERSONATION_FAILED, EventType.IMPERSONATE_ERROR);
        fixed(AuditAction.LOCKED_TEMPORARILY, EventType.USER_DISABLED_BY_TEMPORARY_LOCKOUT);
        fixed(AuditAction.LOCKED_PERMANENTLY, EventType.USER_DISABLED_BY_PERMANENT_LOCKOUT);
        fixed(AuditAction.CLIENT_LOGIN, EventType.CLIENT_LOGIN);
        fixed(AuditAction.CLIENT_LOGIN_FAILED, EventType.CLIENT_LOGIN_ERROR);
        fixed(AuditAction.TOKEN_EXCHANGE, EventType.TOKEN_EXCHANGE);
        fixed(AuditAction.TOKEN_EXCHANGE_FAILED, EventType.TOKEN_EXCHANGE_ERROR);
        fixed(AuditAction.CODE_TO_TOKEN, EventType.CODE_TO_TOKEN);
        fixed(AuditAction.CODE_TO_TOKEN_FAILED, EventType.CODE_TO_TOKEN_ERROR);
        fixed(AuditAction.TOKEN_REFRESHED, EventType.REFRESH_TOKEN);
        fixed(AuditAction.TOKEN_REFRESH_FAILED, EventType.REFRESH_TOKEN_ERROR);
        fixed(AuditAction.TOKEN_INTROSPECTED, EventType.INTROSPECT_TOKEN);
        fixed(AuditAction.TOKEN_REVOKED, EventType.REVOKE_GRANT);
        fixed(AuditAction.USERINFO, EventType.USER_INFO_REQUEST);
        fixed(AuditAction.USER_REGISTERED, EventType.REGISTER);
        fixed(AuditAction.PASSWORD_UPDATED, EventType.UPDATE_PASSWORD);
        fixed(AuditAction.PASSWORD_RESET, EventType.RESET_PASSWORD);
        fixed(AuditAction.CREDENTIAL_UPDATE_FAILED, EventType.UPDATE_PASSWORD_ERROR, EventType.UPDATE_CREDENTIAL_ERROR,
                EventType.UPDATE_TOTP_ERROR, EventType.REMOVE_CREDENTIAL_ERROR, EventType.REMOVE_TOTP_ERROR,
                EventType.RESET_PASSWORD_ERROR);
        fixed(AuditAction.OTP_ADDED, EventType.UPDATE_TOTP);
        fixed(AuditAction.OTP_REMOVED, EventType.REMOVE_TOTP);
        fixed(AuditAction.RESET_EMAIL_SENT, EventType.SEND_RESET_PASSWORD);
        fixed(AuditAction.RESET_EMAIL_FAILED, EventType.SEND_RESET_PASSWORD_ERROR);
        fixed(AuditAction.EMAIL_VERIFIED, EventType.VERIFY_EMAIL);
        fixed(AuditAction.PROFILE_UPDATED, EventType.UPDATE_PROFILE, EventType.UPDATE_EMAIL);
        fixed(AuditAction.USER_FEDERATION_LINK, EventType.FEDERATED_IDENTITY_LINK,
                EventType.IDENTITY_PROVIDER_LINK_ACCOUNT, EventType.FEDERATED_IDENTITY_OVERRIDE_LINK);
        fixed(AuditAction.USER_FEDERATION_UNLINK, EventType.REMOVE_FEDERATED_IDENTITY);
        fixed(AuditAction.USER_DELETED, EventType.DELETE_ACCOUNT);
        // INVITE_ORG is sent when the invitee accepts; the invitation itself is an admin event.
        fixed(AuditAction.MEMBER_JOINED, EventType.INVITE_ORG);
        fixed(AuditAction.ACTIONS_EMAIL_SENT, EventType.SEND_VERIFY_EMAIL);
    }

    private UserEventClassifier() {
    }

    public static AuditAction classify(Event event) {
        EventType type = event.getType();
        if (type == EventType.UPDATE_CREDENTIAL || type == EventType.REMOVE_CREDENTIAL) {
            return credentialAction(type == EventType.UPDATE_CREDENTIAL, credentialType(event));
        }
        if (type == EventType.LOGIN && details(event).containsKey(Details.IDENTITY_PROVIDER)) {
            return AuditAction.IDP_LOGIN;
        }
        AuditAction action = FIXED.get(type);
        if (action != null) {
            return action;
        }
        return type.name().endsWith("_ERROR") ? AuditAction.AUTH_OTHER_FAILED : AuditAction.AUTH_OTHER;
    }

    public static boolean isFailure(Event event) {
        return event.getType().name().endsWith("_ERROR") || event.getError() != null;
    }

    private static AuditAction credentialAction(boolean added, String credentialType) {
        String t = credentialType == null ? "" : credentialType;
        if (t.equals("password")) {
            return added ? AuditAction.PASSWORD_UPDATED : AuditAction.CREDENTIAL_REMOVED;
        }
        if (t.equals("otp")) {
            return added ? AuditAction.OTP_ADDED : AuditAction.OTP_REMOVED;
        }
        if (t.startsWith("webauthn")) {
            return added ? AuditAction.PASSKEY_ADDED : AuditAction.PASSKEY_REMOVED;
        }
        return added ? AuditAction.CREDENTIAL_ADDED : AuditAction.CREDENTIAL_REMOVED;
    }

    private static String credentialType(Event event) {
        return details(event).get(Details.CREDENTIAL_TYPE);
    }

    private static Map<String, String> details(Event event) {
        return event.getDetails() == null ? Map.of() : event.getDetails();
    }

    private static void fixed(AuditAction action, EventType... types) {
        for (EventType t : types) {
            FIXED.put(t, action);
        }
    }
}
