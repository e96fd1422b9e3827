package dev.kcaudit.audit.it;

import static dev.kcaudit.audit.it.support.AuditApi.changes;
import static dev.kcaudit.audit.it.support.AuditApi.newestDemo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.Admin;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.IdentityProviderMapperRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/** Identity providers, realm settings, keys, authentication flows, required actions and user federation. */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class CaptureRealmIT {

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    @Test
    void identityProviderLifecycleAndMappers() {
        RealmResource realm = Admin.demo();
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias("partner-oidc");
        idp.setProviderId("oidc");
        idp.setEnabled(true);
        idp.setConfig(Map.of("clientId", "demo", "clientSecret", "idp-secret-value",
                "authorizationUrl", "http://localhost:8080/realms/partner/protocol/openid-connect/auth",
                "tokenUrl", "http://localhost:8080/realms/partner/protocol/openid-connect/token",
                "clientAuthMethod", "client_secret_post"));
        try (Response r = realm.identityProviders().create(idp)) {
            assertThat(r.getStatus()).isEqualTo(201);
        }
        JsonNode created = newestDemo("idp.created", "partner-oidc");
        assertThat(created.path("category").asText()).isEqualTo("identity-providers");
        assertThat(created.path("details").path("representation").path("providerId").asText())
                .as("the provider's type, which the console's link to it needs").isEqualTo("oidc");

        IdentityProviderRepresentation stored = realm.identityProviders().get("partner-oidc").toRepresentation();
        stored.setDisplayName("Partner SSO");
        realm.identityProviders().get("partner-oidc").update(stored);
        assertThat(changes(newestDemo("idp.updated", "partner-oidc"))).contains("displayName:  -> Partner SSO");

        IdentityProviderMapperRepresentation mapper = new IdentityProviderMapperRepresentation();
        mapper.setName("email");
        mapper.setIdentityProviderAlias("partner-oidc");
        mapper.setIdentityProviderMapper("oidc-user-attribute-idp-mapper");
        mapper.setConfig(Map.of("claim", "email", "user.attribute", "email", "syncMode", "INHERIT"));
        try (Response r = realm.identityProviders().get("partner-oidc").addMapper(mapper)) {
            assertThat(r.getStatus()).isEqualTo(201);
        }
        assertThat(newestDemo("idp.mapper.changed").path("resource").path("id").asText()).isEqualTo("partner-oidc");

        realm.identityProviders().get("partner-oidc").remove();
        assertThat(newestDemo("idp.deleted", "partner-oidc")).isNotNull();
    }

    @Test
    void realmSettingsUpdateShowsWhatChanged() {
        RealmRepresentation rep = Admin.demo().toRepresentation();
        String before = rep.getDisplayName();
        rep.setDisplayName("Audit Log demo (renamed)");
        Admin.demo().update(rep);
        JsonNode updated = newestDemo("realm.updated", "demo");
        assertThat(updated.path("category").asText()).isEqualTo("realm-settings");
        assertThat(changes(updated)).contains("displayName: " + before + " -> Audit Log demo (renamed)");
    }

    @Test
    void keysFlowsRequiredActionsAndFederation() {
        RealmResource realm = Admin.demo();
        ComponentRepresentation key = new ComponentRepresentation();
        key.setName("rsa-rotated");
        key.setProviderId("rsa-generated");
        key.setProviderType("org.keycloak.keys.KeyProvider");
        key.setParentId(realm.toRepresentation().getId());
        MultivaluedHashMap<String, String> keyConfig = new MultivaluedHashMap<>();
        keyConfig.putSingle("priority", "50");
        key.setConfig(keyConfig);
        try (Response r = realm.components().add(key)) {
            assertThat(r.getStatus()).isEqualTo(201);
        }
        assertThat(newestDemo("realm.keys.changed", "rsa-rotated").path("category").asText())
                .isEqualTo("realm-settings");

        realm.flows().copy("browser", Map.of("newName", "browser-with-audit"));
        assertThat(newestDemo("realm.auth-flow.changed")).isNotNull();
        AuthenticationFlowRepresentation copied = realm.flows().getFlows().stream()
                .filter(f -> f.getAlias().equals("browser-with-audit")).findFirst().orElseThrow();
        realm.flows().deleteFlow(copied.getId());

        RequiredActionProviderRepresentation terms = realm.flows().getRequiredAction("TERMS_AND_CONDITIONS");
        terms.setEnabled(!terms.isEnabled());
        realm.flows().updateRequiredAction("TERMS_AND_CONDITIONS", terms);
        assertThat(newestDemo("realm.required-action.changed")).isNotNull();

        ComponentRepresentation ldap = new ComponentRepresentation();
        ldap.setName("corporate-ldap");
        ldap.setProviderId("ldap");
        ldap.setProviderType("org.keycloak.storage.UserStorageProvider");
        ldap.setParentId(realm.toRepresentation().getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("enabled", "false");
        config.putSingle("vendor", "other");
        config.putSingle("connectionUrl", "ldap://127.0.0.1:10389");
        config.putSingle("usersDn", "ou=people,dc=example,dc=org");
        config.putSingle("bindDn", "cn=admin,dc=example,dc=org");
        config.putSingle("bindCredential", "ldap-bind-secret");
        config.putSingle("authType", "simple");
        config.putSingle("usernameLDAPAttribute", "uid");
        config.putSingle("rdnLDAPAttribute", "uid");
        config.putSingle("uuidLDAPAttribute", "entryUUID");
        config.putSingle("userObjectClasses", "inetOrgPerson");
        config.putSingle("editMode", "READ_ONLY");
        ldap.setConfig(config);
        try (Response r = realm.components().add(ldap)) {
            assertThat(r.getStatus()).isEqualTo(201);
        }
        JsonNode federation = newestDemo("realm.user-federation.changed", "corporate-ldap");
        assertThat(federation.toString()).doesNotContain("ldap-bind-secret");
    }
}
