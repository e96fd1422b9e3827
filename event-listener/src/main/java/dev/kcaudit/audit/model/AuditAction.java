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
import static dev.kcaudit.audit.model.Category.SECURITY;
import static dev.kcaudit.audit.model.Category.USERS;
import static dev.kcaudit.audit.model.OcsfClass.OCSF_ACCOUNT_CHANGE;
import static dev.kcaudit.audit.model.OcsfClass.OCSF_API_ACTIVITY;
import static dev.kcaudit.audit.model.OcsfClass.OCSF_AUTHENTICATION;
import static dev.kcaudit.audit.model.OcsfClass.OCSF_DETECTION_FINDING;
import static dev.kcaudit.audit.model.OcsfClass.OCSF_GROUP_MANAGEMENT;
import static dev.kcaudit.audit.model.OcsfClass.OCSF_USER_MANAGEMENT;

import dev.kcaudit.audit.i18n.AuditMessages;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The taxonomy: every action an entry can carry. Ids are stable machine names (stored, filtered on, part of the
 * public contract); labels are what people read, kept in the message bundles ({@code action.<id>}, English in
 * {@code audit-messages.properties}). {@code docs/events.md} lists the same table, and a test keeps the two in step.
 */
public enum AuditAction {
    // Authentication
    LOGIN("auth.login", AUTHENTICATION, OCSF_AUTHENTICATION, 1),
    LOGIN_FAILED("auth.login.failed", AUTHENTICATION, OCSF_AUTHENTICATION, 1),
    LOGOUT("auth.logout", AUTHENTICATION, OCSF_AUTHENTICATION, 2),
    LOGOUT_FAILED("auth.logout.failed", AUTHENTICATION, OCSF_AUTHENTICATION, 2),
    IDP_LOGIN("auth.idp.login", AUTHENTICATION, OCSF_AUTHENTICATION, 1),
    IDP_LOGIN_FAILED("auth.idp.login.failed", AUTHENTICATION, OCSF_AUTHENTICATION, 1),
    IMPERSONATION("auth.impersonation", AUTHENTICATION, OCSF_AUTHENTICATION, 1),
    IMPERSONATION_FAILED("auth.impersonation.failed", AUTHENTICATION, OCSF_AUTHENTICATION, 1),
    LOCKED_TEMPORARILY("auth.lockout.temporary", AUTHENTICATION, OCSF_ACCOUNT_CHANGE, 9),
    LOCKED_PERMANENTLY("auth.lockout.permanent", AUTHENTICATION, OCSF_ACCOUNT_CHANGE, 9),
    CLIENT_LOGIN("auth.client.login", AUTHENTICATION, OCSF_AUTHENTICATION, 1),
    CLIENT_LOGIN_FAILED("auth.client.login.failed", AUTHENTICATION, OCSF_AUTHENTICATION, 1),
    TOKEN_EXCHANGE("auth.token.exchange", AUTHENTICATION, OCSF_AUTHENTICATION, 3),
    TOKEN_EXCHANGE_FAILED("auth.token.exchange.failed", AUTHENTICATION, OCSF_AUTHENTICATION, 3),
    CODE_TO_TOKEN("auth.code.exchanged", AUTHENTICATION, OCSF_AUTHENTICATION, 3),
    CODE_TO_TOKEN_FAILED("auth.code.exchange.failed", AUTHENTICATION, OCSF_AUTHENTICATION, 3),
    TOKEN_REFRESHED("auth.token.refreshed", AUTHENTICATION, OCSF_AUTHENTICATION, 3),
    TOKEN_REFRESH_FAILED("auth.token.refresh.failed", AUTHENTICATION, OCSF_AUTHENTICATION, 3),
    TOKEN_INTROSPECTED("auth.token.introspected", AUTHENTICATION, OCSF_AUTHENTICATION, 3),
    TOKEN_REVOKED("auth.token.revoked", AUTHENTICATION, OCSF_AUTHENTICATION, 3),
    USERINFO("auth.userinfo", AUTHENTICATION, OCSF_AUTHENTICATION, 99),
    SESSION_DELETED("auth.session.deleted", AUTHENTICATION, OCSF_AUTHENTICATION, 2),
    AUTH_OTHER("auth.other", AUTHENTICATION, OCSF_AUTHENTICATION, 99),
    AUTH_OTHER_FAILED("auth.other.failed", AUTHENTICATION, OCSF_AUTHENTICATION, 99),

    // Credentials
    PASSWORD_UPDATED("credential.password.updated", CREDENTIALS, OCSF_ACCOUNT_CHANGE, 3),
    PASSWORD_RESET("credential.password.reset", CREDENTIALS, OCSF_ACCOUNT_CHANGE, 4),
    OTP_ADDED("credential.otp.added", CREDENTIALS, OCSF_ACCOUNT_CHANGE, 10),
    OTP_REMOVED("credential.otp.removed", CREDENTIALS, OCSF_ACCOUNT_CHANGE, 11),
    PASSKEY_ADDED("credential.passkey.added", CREDENTIALS, OCSF_ACCOUNT_CHANGE, 10),
    PASSKEY_REMOVED("credential.passkey.removed", CREDENTIALS, OCSF_ACCOUNT_CHANGE, 11),
    CREDENTIAL_ADDED("credential.added", CREDENTIALS, OCSF_ACCOUNT_CHANGE, 10),
    CREDENTIAL_REMOVED("credential.removed", CREDENTIALS, OCSF_ACCOUNT_CHANGE, 11),
    CREDENTIAL_UPDATE_FAILED("credential.update.failed", CREDENTIALS, OCSF_ACCOUNT_CHANGE, 99),
    RESET_EMAIL_SENT("credential.reset-email.sent", CREDENTIALS, OCSF_ACCOUNT_CHANGE, 99),
    RESET_EMAIL_FAILED("credential.reset-email.failed", CREDENTIALS, OCSF_ACCOUNT_CHANGE, 99),

    // Users
    USER_CREATED("user.created", USERS, OCSF_USER_MANAGEMENT, 1),
    USER_REGISTERED("user.registered", USERS, OCSF_USER_MANAGEMENT, 1),
    USER_UPDATED("user.updated", USERS, OCSF_USER_MANAGEMENT, 2),
    USER_DELETED("user.deleted", USERS, OCSF_USER_MANAGEMENT, 3),
    USER_ENABLED("user.enabled", USERS, OCSF_USER_MANAGEMENT, 4),
    USER_DISABLED("user.disabled", USERS, OCSF_USER_MANAGEMENT, 5),
    REQUIRED_ACTION_SET("user.required-action.set", USERS, OCSF_USER_MANAGEMENT, 2),
    ACTIONS_EMAIL_SENT("user.actions-email.sent", USERS, OCSF_USER_MANAGEMENT, 99),
    EMAIL_VERIFIED("user.email.verified", USERS, OCSF_USER_MANAGEMENT, 2),
    PROFILE_UPDATED("user.profile.updated", USERS, OCSF_USER_MANAGEMENT, 2),
    SESSIONS_REVOKED("user.sessions.revoked", USERS, OCSF_USER_MANAGEMENT, 99),
    USER_FEDERATION_LINK("user.federated-identity.linked", USERS, OCSF_USER_MANAGEMENT, 99),
    USER_FEDERATION_UNLINK("user.federated-identity.unlinked", USERS, OCSF_USER_MANAGEMENT, 99),

    // Member management
    MEMBER_ADDED("member.added", MEMBERS, OCSF_GROUP_MANAGEMENT, 3),
    MEMBER_REMOVED("member.removed", MEMBERS, OCSF_GROUP_MANAGEMENT, 4),
    MEMBER_INVITED("member.invited", MEMBERS, OCSF_GROUP_MANAGEMENT, 99),
    MEMBER_JOINED("member.joined", MEMBERS, OCSF_GROUP_MANAGEMENT, 3),
    GROUP_MEMBER_ADDED("group.member.added", MEMBERS, OCSF_GROUP_MANAGEMENT, 3),
    GROUP_MEMBER_REMOVED("group.member.removed", MEMBERS, OCSF_GROUP_MANAGEMENT, 4),
    GROUP_CREATED("group.created", MEMBERS, OCSF_GROUP_MANAGEMENT, 6),
    GROUP_UPDATED("group.updated", MEMBERS, OCSF_GROUP_MANAGEMENT, 9),
    GROUP_DELETED("group.deleted", MEMBERS, OCSF_GROUP_MANAGEMENT, 5),

    // Roles & permissions
    ROLE_CREATED("role.created", ROLES, OCSF_API_ACTIVITY, 1),
    ROLE_UPDATED("role.updated", ROLES, OCSF_API_ACTIVITY, 3),
    ROLE_DELETED("role.deleted", ROLES, OCSF_API_ACTIVITY, 4),
    ROLE_ASSIGNED("role.assigned", ROLES, OCSF_API_ACTIVITY, 1),
    ROLE_UNASSIGNED("role.unassigned", ROLES, OCSF_API_ACTIVITY, 4),
    COMPOSITE_GRANTED("role.composite.granted", ROLES, OCSF_API_ACTIVITY, 1),
    COMPOSITE_REVOKED("role.composite.revoked", ROLES, OCSF_API_ACTIVITY, 4),
    AUTHZ_RESOURCE_CHANGED("authz.resource.changed", ROLES, OCSF_API_ACTIVITY, 3),
    AUTHZ_POLICY_CHANGED("authz.policy.changed", ROLES, OCSF_API_ACTIVITY, 3),
    AUTHZ_PERMISSION_CHANGED("authz.permission.changed", ROLES, OCSF_API_ACTIVITY, 3),
    SERVICE_ACCOUNT_CREATED("service-account.created", ROLES, OCSF_API_ACTIVITY, 1),
    SERVICE_ACCOUNT_DELETED("service-account.deleted", ROLES, OCSF_API_ACTIVITY, 4),

    // Clients
    CLIENT_CREATED("client.created", CLIENTS, OCSF_API_ACTIVITY, 1),
    CLIENT_UPDATED("client.updated", CLIENTS, OCSF_API_ACTIVITY, 3),
    CLIENT_DELETED("client.deleted", CLIENTS, OCSF_API_ACTIVITY, 4),
    CLIENT_SECRET_ROTATED("client.secret.rotated", CLIENTS, OCSF_API_ACTIVITY, 3),
    CLIENT_SECRET_REVOKED("client.secret.revoked", CLIENTS, OCSF_API_ACTIVITY, 4),
    CLIENT_SCOPE_CHANGED("client.scope.changed", CLIENTS, OCSF_API_ACTIVITY, 3),
    CLIENT_MAPPER_CHANGED("client.mapper.changed", CLIENTS, OCSF_API_ACTIVITY, 3),

    // Organizations
    ORG_CREATED("org.created", ORGANIZATIONS, OCSF_API_ACTIVITY, 1),
    ORG_UPDATED("org.updated", ORGANIZATIONS, OCSF_API_ACTIVITY, 3),
    ORG_DELETED("org.deleted", ORGANIZATIONS, OCSF_API_ACTIVITY, 4),
    ORG_DOMAIN_ADDED("org.domain.added", ORGANIZATIONS, OCSF_API_ACTIVITY, 1),
    ORG_DOMAIN_REMOVED("org.domain.removed", ORGANIZATIONS, OCSF_API_ACTIVITY, 4),
    ORG_IDP_LINKED("org.idp.linked", ORGANIZATIONS, OCSF_API_ACTIVITY, 1),
    ORG_IDP_UNLINKED("org.idp.unlinked", ORGANIZATIONS, OCSF_API_ACTIVITY, 4),

    // SCIM provisioning
    SCIM_USER_PROVISIONED("scim.user.provisioned", SCIM, OCSF_USER_MANAGEMENT, 1),
    SCIM_USER_UPDATED("scim.user.updated", SCIM, OCSF_USER_MANAGEMENT, 2),
    SCIM_USER_DEPROVISIONED("scim.user.deprovisioned", SCIM, OCSF_USER_MANAGEMENT, 3),
    SCIM_GROUP_CREATED("scim.group.created", SCIM, OCSF_GROUP_MANAGEMENT, 6),
    SCIM_GROUP_UPDATED("scim.group.updated", SCIM, OCSF_GROUP_MANAGEMENT, 9),
    SCIM_GROUP_DELETED("scim.group.deleted", SCIM, OCSF_GROUP_MANAGEMENT, 5),

    // Identity providers
    IDP_CREATED("idp.created", IDENTITY_PROVIDERS, OCSF_API_ACTIVITY, 1),
    IDP_UPDATED("idp.updated", IDENTITY_PROVIDERS, OCSF_API_ACTIVITY, 3),
    IDP_DELETED("idp.deleted", IDENTITY_PROVIDERS, OCSF_API_ACTIVITY, 4),
    IDP_MAPPER_CHANGED("idp.mapper.changed", IDENTITY_PROVIDERS, OCSF_API_ACTIVITY, 3),

    // Realm settings
    REALM_UPDATED("realm.updated", REALM_SETTINGS, OCSF_API_ACTIVITY, 3),
    REALM_KEYS_CHANGED("realm.keys.changed", REALM_SETTINGS, OCSF_API_ACTIVITY, 3),
    AUTH_FLOW_CHANGED("realm.auth-flow.changed", REALM_SETTINGS, OCSF_API_ACTIVITY, 3),
    REQUIRED_ACTION_CHANGED("realm.required-action.changed", REALM_SETTINGS, OCSF_API_ACTIVITY, 3),
    USER_FEDERATION_CHANGED("realm.user-federation.changed", REALM_SETTINGS, OCSF_API_ACTIVITY, 3),
    COMPONENT_CHANGED("realm.component.changed", REALM_SETTINGS, OCSF_API_ACTIVITY, 3),
    REALM_OTHER("realm.other", REALM_SETTINGS, OCSF_API_ACTIVITY, 3),

    // The audit log's own actions
    AUDIT_CONFIG_UPDATED("audit.config.updated", AUDIT, OCSF_API_ACTIVITY, 3),
    AUDIT_EXPORTED("audit.exported", AUDIT, OCSF_API_ACTIVITY, 2),
    AUDIT_EXPORT_REQUESTED("audit.export.requested", AUDIT, OCSF_API_ACTIVITY, 1),
    AUDIT_EXPORT_DOWNLOADED("audit.export.downloaded", AUDIT, OCSF_API_ACTIVITY, 2),
    AUDIT_EXPORT_DELETED("audit.export.deleted", AUDIT, OCSF_API_ACTIVITY, 4),
    AUDIT_PURGED("audit.purged", AUDIT, OCSF_API_ACTIVITY, 4),
    AUDIT_SCRUBBED("audit.scrubbed", AUDIT, OCSF_API_ACTIVITY, 3),
    AUDIT_SEALED("audit.sealed", AUDIT, OCSF_API_ACTIVITY, 3),
    AUDIT_CAPTURE_DISABLED("audit.capture.disabled", AUDIT, OCSF_API_ACTIVITY, 3),
    AUDIT_CAPTURE_ENABLED("audit.capture.enabled", AUDIT, OCSF_API_ACTIVITY, 3),
    AUDIT_CAPTURE_CATEGORY_REMOVED("audit.capture.category.removed", AUDIT, OCSF_API_ACTIVITY, 4),
    AUDIT_CAPTURE_CATEGORY_ADDED("audit.capture.category.added", AUDIT, OCSF_API_ACTIVITY, 1),
    AUDIT_REALM_DELETED("audit.realm.deleted", AUDIT, OCSF_API_ACTIVITY, 4),
    AUDIT_STREAM_CREATED("audit.stream.created", AUDIT, OCSF_API_ACTIVITY, 1),
    AUDIT_STREAM_UPDATED("audit.stream.updated", AUDIT, OCSF_API_ACTIVITY, 3),
    AUDIT_STREAM_PAUSED("audit.stream.paused", AUDIT, OCSF_API_ACTIVITY, 3),
    AUDIT_STREAM_RESUMED("audit.stream.resumed", AUDIT, OCSF_API_ACTIVITY, 3),
    AUDIT_STREAM_REPLAYED("audit.stream.replayed", AUDIT, OCSF_API_ACTIVITY, 3),
    AUDIT_STREAM_TESTED("audit.stream.tested", AUDIT, OCSF_API_ACTIVITY, 3),
    AUDIT_STREAM_DELETED("audit.stream.deleted", AUDIT, OCSF_API_ACTIVITY, 4),

    // Security signals: raised by the rules as entries are sequenced (docs/signals.md), one action per rule
    SIGNAL_FAILED_LOGINS_USER("signal.failed-logins-user", SECURITY, OCSF_DETECTION_FINDING, 1),
    SIGNAL_FAILED_LOGINS_NETWORK("signal.failed-logins-network", SECURITY, OCSF_DETECTION_FINDING, 1),
    SIGNAL_SUCCESS_AFTER_FAILURES("signal.success-after-failures", SECURITY, OCSF_DETECTION_FINDING, 1),
    SIGNAL_NEW_COUNTRY("signal.new-country", SECURITY, OCSF_DETECTION_FINDING, 1),
    SIGNAL_NEW_DEVICE("signal.new-device", SECURITY, OCSF_DETECTION_FINDING, 1),
    SIGNAL_ADMIN_ROLE_GRANTED("signal.admin-role-granted", SECURITY, OCSF_DETECTION_FINDING, 1),
    SIGNAL_SECRET_CHANGED("signal.secret-changed", SECURITY, OCSF_DETECTION_FINDING, 1),
    SIGNAL_OFF_HOURS("signal.off-hours", SECURITY, OCSF_DETECTION_FINDING, 1),
    SIGNAL_MASS_DELETION("signal.mass-deletion", SECURITY, OCSF_DETECTION_FINDING, 1),
    SIGNAL_CAPTURE_REDUCED("signal.capture-reduced", SECURITY, OCSF_DETECTION_FINDING, 1);

    private static final Map<String, AuditAction> BY_ID =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(AuditAction::id, Function.identity()));

    private final String id;
    private final Category category;
    private final OcsfClass ocsfClass;
    private final int ocsfActivity;

    /**
     * {@code ocsfClass} and {@code ocsfActivity}: the OCSF event class and activity id the feed and streams map the
     * action to (99 is the class's "Other"); declared here so that a new action cannot fall into a class by accident.
     */
    AuditAction(String id, Category category, OcsfClass ocsfClass, int ocsfActivity) {
        this.id = id;
        this.category = category;
        this.ocsfClass = ocsfClass;
        this.ocsfActivity = ocsfActivity;
    }

    public OcsfClass ocsfClass() {
        return ocsfClass;
    }

    public int ocsfActivity() {
        return ocsfActivity;
    }

    public String id() {
        return id;
    }

    /** The English label (the root message bundle's {@code action.<id>}). */
    public String label() {
        return label(AuditMessages.english());
    }

    public String label(AuditMessages messages) {
        return messages.get("action." + id);
    }

    public Category category() {
        return category;
    }

    public static Optional<AuditAction> byId(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }
}
