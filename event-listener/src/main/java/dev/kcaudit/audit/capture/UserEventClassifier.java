package dev.kcaudit.audit.capture;

import dev.kcaudit.audit.model.AuditAction;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.keycloak.events.Details;
import org.keycloak.events.Event;

/**
 * Pure: which action a Keycloak user event is. Unknown types fall back to {@code auth.other(.failed)}, so an event a
 * newer Keycloak adds is still recorded. Types are matched by name, never through {@code EventType}'s constants: a
 * constant an older Keycloak lacks (26.4 has no {@code USER_SESSION_DELETED}) would fail this class's initialisation
 * there, and with it every user event (docs/compatibility.md).
 */
public final class UserEventClassifier {

    /** Token-endpoint chatter that would drown the log; captured only when a realm turns it on. */
    public static final Set<String> HIGH_VOLUME = Set.of("CODE_TO_TOKEN", "REFRESH_TOKEN", "INTROSPECT_TOKEN",
            "USER_INFO_REQUEST", "VALIDATE_ACCESS_TOKEN", "PERMISSION_TOKEN", "PUSHED_AUTHORIZATION_REQUEST",
            "RESTART_AUTHENTICATION");

    private static final Map<String, AuditAction> FIXED = new HashMap<>();

    static {
        fixed(AuditAction.LOGIN, "LOGIN");
        fixed(AuditAction.LOGIN_FAILED, "LOGIN_ERROR");
        fixed(AuditAction.LOGOUT, "LOGOUT");
        fixed(AuditAction.LOGOUT_FAILED, "LOGOUT_ERROR");
        fixed(AuditAction.SESSION_DELETED, "USER_SESSION_DELETED");
        fixed(AuditAction.IDP_LOGIN, "IDENTITY_PROVIDER_LOGIN", "IDENTITY_PROVIDER_FIRST_LOGIN",
                "IDENTITY_PROVIDER_POST_LOGIN");
        fixed(AuditAction.IDP_LOGIN_FAILED, "IDENTITY_PROVIDER_LOGIN_ERROR",
                "IDENTITY_PROVIDER_FIRST_LOGIN_ERROR", "IDENTITY_PROVIDER_POST_LOGIN_ERROR");
        fixed(AuditAction.IMPERSONATION, "IMPERSONATE");
        fixed(AuditAction.IMPERSONATION_FAILED, "IMPERSONATE_ERROR");
        fixed(AuditAction.LOCKED_TEMPORARILY, "USER_DISABLED_BY_TEMPORARY_LOCKOUT");
        fixed(AuditAction.LOCKED_PERMANENTLY, "USER_DISABLED_BY_PERMANENT_LOCKOUT");
        fixed(AuditAction.CLIENT_LOGIN, "CLIENT_LOGIN");
        fixed(AuditAction.CLIENT_LOGIN_FAILED, "CLIENT_LOGIN_ERROR");
        fixed(AuditAction.TOKEN_EXCHANGE, "TOKEN_EXCHANGE");
        fixed(AuditAction.TOKEN_EXCHANGE_FAILED, "TOKEN_EXCHANGE_ERROR");
        fixed(AuditAction.CODE_TO_TOKEN, "CODE_TO_TOKEN");
        fixed(AuditAction.CODE_TO_TOKEN_FAILED, "CODE_TO_TOKEN_ERROR");
        fixed(AuditAction.TOKEN_REFRESHED, "REFRESH_TOKEN");
        fixed(AuditAction.TOKEN_REFRESH_FAILED, "REFRESH_TOKEN_ERROR");
        fixed(AuditAction.TOKEN_INTROSPECTED, "INTROSPECT_TOKEN");
        fixed(AuditAction.TOKEN_REVOKED, "REVOKE_GRANT");
        fixed(AuditAction.USERINFO, "USER_INFO_REQUEST");
        fixed(AuditAction.USER_REGISTERED, "REGISTER");
        fixed(AuditAction.PASSWORD_UPDATED, "UPDATE_PASSWORD");
        fixed(AuditAction.PASSWORD_RESET, "RESET_PASSWORD");
        fixed(AuditAction.CREDENTIAL_UPDATE_FAILED, "UPDATE_PASSWORD_ERROR", "UPDATE_CREDENTIAL_ERROR",
                "UPDATE_TOTP_ERROR", "REMOVE_CREDENTIAL_ERROR", "REMOVE_TOTP_ERROR",
                "RESET_PASSWORD_ERROR");
        fixed(AuditAction.OTP_ADDED, "UPDATE_TOTP");
        fixed(AuditAction.OTP_REMOVED, "REMOVE_TOTP");
        fixed(AuditAction.RESET_EMAIL_SENT, "SEND_RESET_PASSWORD");
        fixed(AuditAction.RESET_EMAIL_FAILED, "SEND_RESET_PASSWORD_ERROR");
        fixed(AuditAction.EMAIL_VERIFIED, "VERIFY_EMAIL");
        fixed(AuditAction.PROFILE_UPDATED, "UPDATE_PROFILE", "UPDATE_EMAIL");
        fixed(AuditAction.USER_FEDERATION_LINK, "FEDERATED_IDENTITY_LINK",
                "IDENTITY_PROVIDER_LINK_ACCOUNT", "FEDERATED_IDENTITY_OVERRIDE_LINK");
        fixed(AuditAction.USER_FEDERATION_UNLINK, "REMOVE_FEDERATED_IDENTITY");
        fixed(AuditAction.USER_DELETED, "DELETE_ACCOUNT");
        // INVITE_ORG is sent when the invitee accepts; the invitation itself is an admin event.
        fixed(AuditAction.MEMBER_JOINED, "INVITE_ORG");
        fixed(AuditAction.ACTIONS_EMAIL_SENT, "SEND_VERIFY_EMAIL");
    }

    private UserEventClassifier() {
    }

    public static AuditAction classify(Event event) {
        String type = event.getType().name();
        if (type.equals("UPDATE_CREDENTIAL") || type.equals("REMOVE_CREDENTIAL")) {
            return credentialAction(type.equals("UPDATE_CREDENTIAL"), credentialType(event));
        }
        if (type.equals("LOGIN") && details(event).containsKey(Details.IDENTITY_PROVIDER)) {
            return AuditAction.IDP_LOGIN;
        }
        AuditAction action = FIXED.get(type);
        if (action != null) {
            return action;
        }
        return type.endsWith("_ERROR") ? AuditAction.AUTH_OTHER_FAILED : AuditAction.AUTH_OTHER;
    }

    /** Whether the realm captures this event type only when it asks for high-volume events. */
    public static boolean isHighVolume(Event event) {
        return HIGH_VOLUME.contains(event.getType().name());
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

    private static void fixed(AuditAction action, String... types) {
        for (String t : types) {
            FIXED.put(t, action);
        }
    }
}
