package dev.kcaudit.audit.model;

import static dev.kcaudit.audit.model.Category.AUDIT;
import static dev.kcaudit.audit.model.Category.AUTHENTICATION;
import static dev.kcaudit.audit.model.Category.CLIENTS;
import static dev.kcaudit.audit.model.Category.CREDENTIALS;
import static dev.kcaudit.audit.model.Category.IDENTITY_PROVIDERS;
import static dev.kcaudit.audit.model.Category.MEMBERS;
import static dev.kcaudit.audit.model.Category.ORGANIZATIONS;
import static dev.kcaudit.audit.model.Category.REALM_SETTINGS;
import static dev.kcaudit.audit.model.Category.ROLES;
import static dev.kcaudit.audit.model.Category.SCIM;
import static dev.kcaudit.audit.model.Category.USERS;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The taxonomy: every action an entry can carry. Ids are stable machine names (stored, filtered on, part of the
 * public contract); labels are what people read. {@code docs/events.md} lists the same table, and a test keeps
 * the two in step.
 */
public enum AuditAction {
    // Authentication
    LOGIN("auth.login", "Logged in", AUTHENTICATION),
    LOGIN_FAILED("auth.login.failed", "Login failed", AUTHENTICATION),
    LOGOUT("auth.logout", "Logged out", AUTHENTICATION),
    LOGOUT_FAILED("auth.logout.failed", "Logout failed", AUTHENTICATION),
    IDP_LOGIN("auth.idp.login", "Identity-provider login", AUTHENTICATION),
    IDP_LOGIN_FAILED("auth.idp.login.failed", "Identity-provider login failed", AUTHENTICATION),
    IMPERSONATION("auth.impersonation", "Impersonation started", AUTHENTICATION),
    IMPERSONATION_FAILED("auth.impersonation.failed", "Impersonation failed", AUTHENTICATION),
    LOCKED_TEMPORARILY("auth.lockout.temporary", "Account temporarily locked", AUTHENTICATION),
    LOCKED_PERMANENTLY("auth.lockout.permanent", "Account locked", AUTHENTICATION),
    CLIENT_LOGIN("auth.client.login", "Service account login", AUTHENTICATION),
    CLIENT_LOGIN_FAILED("auth.client.login.failed", "Service account login failed", AUTHENTICATION),
    TOKEN_EXCHANGE("auth.token.exchange", "Token exchanged", AUTHENTICATION),
    TOKEN_EXCHANGE_FAILED("auth.token.exchange.failed", "Token exchange failed", AUTHENTICATION),
    CODE_TO_TOKEN("auth.code.exchanged", "Authorization code exchanged", AUTHENTICATION),
    CODE_TO_TOKEN_FAILED("auth.code.exchange.failed", "Authorization code exchange failed", AUTHENTICATION),
    TOKEN_REFRESHED("auth.token.refreshed", "Token refreshed", AUTHENTICATION),
    TOKEN_REFRESH_FAILED("auth.token.refresh.failed", "Token refresh failed", AUTHENTICATION),
    TOKEN_INTROSPECTED("auth.token.introspected", "Token introspected", AUTHENTICATION),
    TOKEN_REVOKED("auth.token.revoked", "Token revoked", AUTHENTICATION),
    USERINFO("auth.userinfo", "User info requested", AUTHENTICATION),
    SESSION_DELETED("auth.session.deleted", "Session deleted", AUTHENTICATION),
    AUTH_OTHER("auth.other", "Other authentication event", AUTHENTICATION),
    AUTH_OTHER_FAILED("auth.other.failed", "Other authentication event failed", AUTHENTICATION),

    // Credentials
    PASSWORD_UPDATED("credential.password.updated", "Password updated", CREDENTIALS),
    PASSWORD_RESET("credential.password.reset", "Password reset", CREDENTIALS),
    OTP_ADDED("credential.otp.added", "OTP added", CREDENTIALS),
    OTP_REMOVED("credential.otp.removed", "OTP removed", CREDENTIALS),
    PASSKEY_ADDED("credential.passkey.added", "Passkey added", CREDENTIALS),
    PASSKEY_REMOVED("credential.passkey.removed", "Passkey removed", CREDENTIALS),
    CREDENTIAL_ADDED("credential.added", "Credential added", CREDENTIALS),
    CREDENTIAL_REMOVED("credential.removed", "Credential removed", CREDENTIALS),
    CREDENTIAL_UPDATE_FAILED("credential.update.failed", "Credential update failed", CREDENTIALS),
    RESET_EMAIL_SENT("credential.reset-email.sent", "Reset password e-mail sent", CREDENTIALS),
    RESET_EMAIL_FAILED("credential.reset-email.failed", "Reset password e-mail failed", CREDENTIALS),

    // Users
    USER_CREATED("user.created", "User created", USERS),
    USER_REGISTERED("user.registered", "User registered", USERS),
    USER_UPDATED("user.updated", "User updated", USERS),
    USER_DELETED("user.deleted", "User deleted", USERS),
    USER_ENABLED("user.enabled", "User enabled", USERS),
    USER_DISABLED("user.disabled", "User disabled", USERS),
    REQUIRED_ACTION_SET("user.required-action.set", "Required action set", USERS),
    ACTIONS_EMAIL_SENT("user.actions-email.sent", "Required-actions e-mail sent", USERS),
    EMAIL_VERIFIED("user.email.verified", "E-mail verified", USERS),
    PROFILE_UPDATED("user.profile.updated", "Profile updated", USERS),
    SESSIONS_REVOKED("user.sessions.revoked", "Sessions revoked", USERS),
    USER_FEDERATION_LINK("user.federated-identity.linked", "Identity-provider link added", USERS),
    USER_FEDERATION_UNLINK("user.federated-identity.unlinked", "Identity-provider link removed", USERS),

    // Member management
    MEMBER_ADDED("member.added", "Member added", MEMBERS),
    MEMBER_REMOVED("member.removed", "Member removed", MEMBERS),
    MEMBER_INVITED("member.invited", "Member invited", MEMBERS),
    MEMBER_JOINED("member.joined", "Member joined", MEMBERS),
    GROUP_MEMBER_ADDED("group.member.added", "Group member added", MEMBERS),
    GROUP_MEMBER_REMOVED("group.member.removed", "Group member removed", MEMBERS),
    GROUP_CREATED("group.created", "Group created", MEMBERS),
    GROUP_UPDATED("group.updated", "Group updated", MEMBERS),
    GROUP_DELETED("group.deleted", "Group deleted", MEMBERS),

    // Roles & permissions
    ROLE_CREATED("role.created", "Role created", ROLES),
    ROLE_UPDATED("role.updated", "Role updated", ROLES),
    ROLE_DELETED("role.deleted", "Role deleted", ROLES),
    ROLE_ASSIGNED("role.assigned", "Role assigned", ROLES),
    ROLE_UNASSIGNED("role.unassigned", "Role unassigned", ROLES),
    COMPOSITE_GRANTED("role.composite.granted", "Composite role granted", ROLES),
    COMPOSITE_REVOKED("role.composite.revoked", "Composite role revoked", ROLES),
    AUTHZ_RESOURCE_CHANGED("authz.resource.changed", "Authorization resource changed", ROLES),
    AUTHZ_POLICY_CHANGED("authz.policy.changed", "Authorization policy changed", ROLES),
    AUTHZ_PERMISSION_CHANGED("authz.permission.changed", "Authorization permission changed", ROLES),
    SERVICE_ACCOUNT_CREATED("service-account.created", "Service account created", ROLES),
    SERVICE_ACCOUNT_DELETED("service-account.deleted", "Service account deleted", ROLES),

    // Clients
    CLIENT_CREATED("client.created", "Client created", CLIENTS),
    CLIENT_UPDATED("client.updated", "Client updated", CLIENTS),
    CLIENT_DELETED("client.deleted", "Client deleted", CLIENTS),
    CLIENT_SECRET_ROTATED("client.secret.rotated", "API key rotated", CLIENTS),
    CLIENT_SECRET_REVOKED("client.secret.revoked", "API key revoked", CLIENTS),
    CLIENT_SCOPE_CHANGED("client.scope.changed", "Client scope changed", CLIENTS),
    CLIENT_MAPPER_CHANGED("client.mapper.changed", "Protocol mapper changed", CLIENTS),

    // Organizations
    ORG_CREATED("org.created", "Organization created", ORGANIZATIONS),
    ORG_UPDATED("org.updated", "Organization updated", ORGANIZATIONS),
    ORG_DELETED("org.deleted", "Organization deleted", ORGANIZATIONS),
    ORG_DOMAIN_ADDED("org.domain.added", "Domain added", ORGANIZATIONS),
    ORG_DOMAIN_REMOVED("org.domain.removed", "Domain removed", ORGANIZATIONS),
    ORG_IDP_LINKED("org.idp.linked", "Identity provider linked", ORGANIZATIONS),
    ORG_IDP_UNLINKED("org.idp.unlinked", "Identity provider unlinked", ORGANIZATIONS),

    // SCIM provisioning
    SCIM_USER_PROVISIONED("scim.user.provisioned", "User provisioned", SCIM),
    SCIM_USER_UPDATED("scim.user.updated", "User updated via SCIM", SCIM),
    SCIM_USER_DEPROVISIONED("scim.user.deprovisioned", "User deprovisioned", SCIM),
    SCIM_GROUP_CREATED("scim.group.created", "Group created via SCIM", SCIM),
    SCIM_GROUP_UPDATED("scim.group.updated", "Group updated via SCIM", SCIM),
    SCIM_GROUP_DELETED("scim.group.deleted", "Group deleted via SCIM", SCIM),

    // Identity providers
    IDP_CREATED("idp.created", "Identity provider created", IDENTITY_PROVIDERS),
    IDP_UPDATED("idp.updated", "Identity provider updated", IDENTITY_PROVIDERS),
    IDP_DELETED("idp.deleted", "Identity provider deleted", IDENTITY_PROVIDERS),
    IDP_MAPPER_CHANGED("idp.mapper.changed", "Identity-provider mapper changed", IDENTITY_PROVIDERS),

    // Realm settings
    REALM_UPDATED("realm.updated", "Realm settings updated", REALM_SETTINGS),
    REALM_KEYS_CHANGED("realm.keys.changed", "Realm keys changed", REALM_SETTINGS),
    AUTH_FLOW_CHANGED("realm.auth-flow.changed", "Authentication flow changed", REALM_SETTINGS),
    REQUIRED_ACTION_CHANGED("realm.required-action.changed", "Required action configuration changed", REALM_SETTINGS),
    USER_FEDERATION_CHANGED("realm.user-federation.changed", "User federation changed", REALM_SETTINGS),
    COMPONENT_CHANGED("realm.component.changed", "Realm component changed", REALM_SETTINGS),
    REALM_OTHER("realm.other", "Other administrative change", REALM_SETTINGS),

    // The audit log's own actions
    AUDIT_CONFIG_UPDATED("audit.config.updated", "Audit log settings updated", AUDIT),
    AUDIT_EXPORTED("audit.exported", "Audit log exported", AUDIT),
    AUDIT_EXPORT_REQUESTED("audit.export.requested", "Export job requested", AUDIT),
    AUDIT_EXPORT_DOWNLOADED("audit.export.downloaded", "Export job file downloaded", AUDIT),
    AUDIT_EXPORT_DELETED("audit.export.deleted", "Export job deleted", AUDIT),
    AUDIT_PURGED("audit.purged", "Entries purged by retention", AUDIT),
    AUDIT_SCRUBBED("audit.scrubbed", "Stored secrets scrubbed", AUDIT),
    AUDIT_SEALED("audit.sealed", "Log sealed", AUDIT),
    AUDIT_CAPTURE_DISABLED("audit.capture.disabled", "Audit capture turned off", AUDIT),
    AUDIT_CAPTURE_ENABLED("audit.capture.enabled", "Audit capture turned on", AUDIT),
    AUDIT_CAPTURE_CATEGORY_REMOVED("audit.capture.category.removed", "Captured category turned off", AUDIT),
    AUDIT_CAPTURE_CATEGORY_ADDED("audit.capture.category.added", "Captured category turned on", AUDIT),
    AUDIT_REALM_DELETED("audit.realm.deleted", "Audited realm deleted", AUDIT);

    private static final Map<String, AuditAction> BY_ID =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(AuditAction::id, Function.identity()));

    private final String id;
    private final String label;
    private final Category category;

    AuditAction(String id, String label, Category category) {
        this.id = id;
        this.label = label;
        this.category = category;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public Category category() {
        return category;
    }

    public static Optional<AuditAction> byId(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }
}
