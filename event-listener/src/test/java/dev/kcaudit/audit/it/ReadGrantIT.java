package dev.kcaudit.audit.it;

import static dev.kcaudit.audit.it.support.KeycloakVersion.Feature.ORGANIZATION_GROUPS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kcaudit.audit.it.support.Admin;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.RequiresKeycloak;
import dev.kcaudit.audit.it.support.Rest;
import dev.kcaudit.audit.it.support.Tokens;
import dev.kcaudit.audit.it.support.TrustRealmConfig;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Who may read is Keycloak's decision: the attacks of issue 19, replayed. An admin who holds one admin role tries to
 * obtain audit read through what that role lets them grant or create; none of it may work. Only what Keycloak
 * protects like {@code view-events} grants the whole realm, and only an organization's top-level
 * {@code audit-admins} group makes organization admins (docs/security.md, "Who may read").
 */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadGrantIT {

    private static final String REALM = TrustRealmConfig.REALM;
    private static final List<String> READS = List.of("me", "entries", "entries/count", "entries/histogram", "facets",
            "export?format=json", "feed", "exports");

    @InjectRealm(ref = "trust", config = TrustRealmConfig.class)
    ManagedRealm trust;

    @BeforeEach
    void rolesTheImportCouldNotGrant() {
        TrustRealmConfig.grantDeferredRoles(trust);
    }

    private static String master() {
        return Tokens.masterAdmin();
    }

    private static String id(String path) {
        Rest.Reply found = Rest.admin("GET", REALM + "/" + path, master(), null);
        assertThat(found.status()).as(path).isEqualTo(200);
        return found.body().get(0).path("id").asText();
    }

    private static String userId(String username) {
        return id("users?exact=true&username=" + username);
    }

    private static String clientId(String clientId) {
        return id("clients?clientId=" + clientId);
    }

    private static String role(String clientUuid, String role) {
        return Rest.admin("GET", REALM + "/clients/" + clientUuid + "/roles/" + role, master(), null).body().toString();
    }

    private static void refusedEverywhere(String who, String token) {
        for (String path : READS) {
            assertThat(AuditApi.get(REALM, path, token).status()).as(who + " GET " + path).isEqualTo(403);
        }
    }

    @Test
    @Order(1)
    void aUserManagerCannotGrantThemselvesAuditRead() {
        String usermgr = TrustRealmConfig.token("usermgr");
        refusedEverywhere("usermgr before", usermgr);
        String self = userId("usermgr");

        // Keycloak refuses to let a user manager grant an admin role they lack.
        String realmManagement = clientId("realm-management");
        Rest.Reply viewEvents = Rest.admin("POST", REALM + "/users/" + self + "/role-mappings/clients/"
                + realmManagement, usermgr, "[" + role(realmManagement, "view-events") + "]");
        assertThat(viewEvents.status()).as("Keycloak: view-events " + viewEvents.body()).isEqualTo(403);

        // The audit log's former dedicated role is an ordinary client role: a user manager may grant it...
        String auditLog = clientId("audit-log");
        Rest.Reply auditor = Rest.admin("POST", REALM + "/users/" + self + "/role-mappings/clients/" + auditLog,
                usermgr, "[" + role(auditLog, "auditor") + "]");
        assertThat(auditor.status()).as("granting audit-log/auditor " + auditor.body()).isEqualTo(204);
        // ...so holding it must grant nothing.
        refusedEverywhere("usermgr holding audit-log/auditor", TrustRealmConfig.token("usermgr"));
    }

    @Test
    @Order(2)
    void aClientManagerCannotOpenTheLogToEveryNewUser() {
        String clientmgr = TrustRealmConfig.token("clientmgr");
        refusedEverywhere("clientmgr before", clientmgr);
        assertThat(Rest.admin("DELETE", REALM + "/clients/" + clientId("audit-log"), clientmgr, null).status())
                .isEqualTo(204);
        Rest.Reply created = Rest.admin("POST", REALM + "/clients", clientmgr,
                "{\"clientId\":\"audit-log\",\"publicClient\":false}");
        assertThat(created.status()).isEqualTo(201);
        String auditLog = created.createdId();
        assertThat(Rest.admin("POST", REALM + "/clients/" + auditLog + "/roles", clientmgr,
                "{\"name\":\"auditor\"}").status()).isEqualTo(201);
        String account = clientId("account");
        Rest.Reply composite = Rest.admin("POST", REALM + "/clients/" + account + "/roles/manage-account/composites",
                clientmgr, "[" + role(auditLog, "auditor") + "]");
        assertThat(composite.status()).as("composite " + composite.body()).isEqualTo(204);
        // Keycloak refuses the same with an admin role.
        String realmManagement = clientId("realm-management");
        assertThat(Rest.admin("POST", REALM + "/clients/" + account + "/roles/manage-account/composites",
                clientmgr, "[" + role(realmManagement, "view-events") + "]").status()).isEqualTo(403);

        Rest.Reply newcomer = Rest.admin("POST", REALM + "/users", master(), "{\"username\":\"newcomer\","
                + "\"enabled\":true,\"email\":\"newcomer@trust.test\",\"emailVerified\":true,\"firstName\":\"New\","
                + "\"lastName\":\"Comer\",\"credentials\":[{\"type\":\"password\",\"value\":\"trust\","
                + "\"temporary\":false}]}");
        assertThat(newcomer.status()).isEqualTo(201);
        // The attack is in place: every new user holds audit-log/auditor through the default roles...
        Rest.Reply effective = Rest.admin("GET", REALM + "/users/" + newcomer.createdId()
                + "/role-mappings/clients/" + auditLog + "/composite", master(), null);
        assertThat(effective.body().findValuesAsText("name")).contains("auditor");
        // ...and reads nothing.
        refusedEverywhere("a new user", TrustRealmConfig.token("newcomer"));
    }

    @Test
    @Order(3)
    @RequiresKeycloak(ORGANIZATION_GROUPS)
    void aNestedAuditAdminsGroupMakesNoOrganizationAdmin() {
        // Directly below a team (a top-level organization group) it makes a team admin of that team only
        // (docs/query.md, "Teams"); any deeper it grants nothing.
        refusedEverywhere("member of /anything/deeper/audit-admins", TrustRealmConfig.token("nested"));
        String lead = TrustRealmConfig.token("teamlead");
        AuditApi.Reply me = AuditApi.get(REALM, "me", lead);
        assertThat(me.status()).as(String.valueOf(me.body())).isEqualTo(200);
        assertThat(me.body().path("realmWide").asBoolean()).isFalse();
        assertThat(me.body().path("organizations").get(0).path("teams").findValuesAsText("name"))
                .containsExactly("anything");
        String team = me.body().path("organizations").get(0).path("teams").get(0).path("id").asText();
        AuditApi.get(REALM, "entries?max=1000", lead).body().path("entries").forEach(e -> assertThat(
                e.path("organizations").findValuesAsText("id")).as("a team admin's entry").contains(team));
        assertThat(AuditApi.get(REALM, "verify", lead).status()).isEqualTo(403);
        assertThat(AuditApi.get(REALM, "config", lead).status()).isEqualTo(403);
    }

    @Test
    @Order(4)
    @RequiresKeycloak(ORGANIZATION_GROUPS)
    void makingAnOrganizationAdminTakesOrganizationAndUserManagement() {
        String org = id("organizations?search=Initech");
        String topGroup = Rest.admin("GET", REALM + "/organizations/" + org + "/groups?search=audit-admins&exact=true",
                master(), null).body().findValuesAsText("id").stream()
                .filter(g -> g.endsWith("0001")).findFirst().orElseThrow();
        String peter = userId("peter");
        String join = REALM + "/organizations/" + org + "/groups/" + topGroup + "/members/" + peter;
        refusedEverywhere("peter, a plain member", TrustRealmConfig.token("peter"));

        assertThat(Rest.admin("PUT", join, TrustRealmConfig.token("orgonly"), null).status())
                .as("manage-organizations alone").isEqualTo(403);
        assertThat(Rest.admin("PUT", join, TrustRealmConfig.token("usermgr"), null).status())
                .as("manage-users alone").isEqualTo(403);
        Rest.Reply viaUsers = Rest.admin("PUT", REALM + "/users/" + peter + "/groups/" + topGroup,
                TrustRealmConfig.token("usermgr"), null);
        assertThat(viaUsers.status()).as("joining an organization group through the users API: " + viaUsers.body())
                .isGreaterThanOrEqualTo(400);
        refusedEverywhere("peter after refused grants", TrustRealmConfig.token("peter"));

        assertThat(Rest.admin("PUT", join, TrustRealmConfig.token("orgmgr"), null).status())
                .as("manage-organizations and manage-users").isEqualTo(204);
        AuditApi.Reply me = AuditApi.get(REALM, "me", TrustRealmConfig.token("peter"));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().path("realmWide").asBoolean()).isFalse();
        assertThat(me.body().path("organizations").findValuesAsText("name")).containsExactly("Initech");

        assertThat(Rest.admin("DELETE", join, TrustRealmConfig.token("orgmgr"), null).status()).isEqualTo(204);
        refusedEverywhere("peter after leaving the group", TrustRealmConfig.token("peter"));
    }

    @Test
    @Order(5)
    void viewEventsAndServerAdminsReadTheWholeRealm() {
        String user = userId("orgonly");
        String realmManagement = clientId("realm-management");
        assertThat(Rest.admin("POST", REALM + "/users/" + user + "/role-mappings/clients/" + realmManagement,
                master(), "[" + role(realmManagement, "view-events") + "]").status()).isEqualTo(204);
        for (String token : List.of(TrustRealmConfig.token("orgonly"), master())) {
            AuditApi.Reply me = AuditApi.get(REALM, "me", token);
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.body().path("realmWide").asBoolean()).isTrue();
            assertThat(AuditApi.get(REALM, "entries", token).status()).isEqualTo(200);
        }
    }
}
