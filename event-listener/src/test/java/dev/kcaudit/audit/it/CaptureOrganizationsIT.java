package dev.kcaudit.audit.it;

import static dev.kcaudit.audit.it.support.AuditApi.changes;
import static dev.kcaudit.audit.it.support.AuditApi.newestDemo;
import static dev.kcaudit.audit.it.support.AuditApi.organizationNames;
import static dev.kcaudit.audit.it.support.KeycloakVersion.Feature.ORGANIZATION_GROUPS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.Admin;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.Browser;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.Mail;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.RequiresKeycloak;
import dev.kcaudit.audit.it.support.Rest;
import dev.kcaudit.audit.it.support.Tokens;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.OrganizationResource;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.realm.ManagedRealm;

/** Organizations, their domains, members, invitations and identity providers. */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class CaptureOrganizationsIT {

    @InjectMailServer
    MailServer mail;

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    private static String createOrganization(String name, String domain) {
        OrganizationRepresentation org = new OrganizationRepresentation();
        org.setName(name);
        org.setAlias(name.toLowerCase());
        org.addDomain(new OrganizationDomainRepresentation(domain));
        try (Response r = Admin.demo().organizations().create(org)) {
            return Admin.createdId(r);
        }
    }

    private static String acmeId() {
        return Admin.demo().organizations().getAll().stream().filter(o -> o.getAlias().equals("acme"))
                .map(OrganizationRepresentation::getId).findFirst().orElseThrow();
    }

    @Test
    void organizationLifecycleAndDomains() {
        String id = createOrganization("Initech", "initech.test");
        JsonNode created = newestDemo("org.created", "Initech");
        assertThat(created.path("category").asText()).isEqualTo("organizations");
        assertThat(organizationNames(created)).containsExactly("Initech");

        OrganizationResource org = Admin.demo().organizations().get(id);
        OrganizationRepresentation rep = org.toRepresentation();
        rep.setDescription("Software");
        rep.getDomains().clear();
        rep.addDomain(new OrganizationDomainRepresentation("initech.example"));
        try (Response r = org.update(rep)) {
            assertThat(r.getStatus()).isEqualTo(204);
        }
        assertThat(changes(newestDemo("org.updated", "Initech"))).contains("description:  -> Software");
        assertThat(organizationNames(newestDemo("org.domain.added", "Initech"))).containsExactly("Initech");
        assertThat(newestDemo("org.domain.removed", "Initech")).isNotNull();

        try (Response r = org.delete()) {
            assertThat(r.getStatus()).isEqualTo(204);
        }
        JsonNode deleted = newestDemo("org.deleted", "Initech");
        assertThat(deleted.path("resource").path("id").asText()).isEqualTo(id);
    }

    @Test
    void identityProviderLinkAndUnlinkAreCapturedWithoutAdminEvents() {
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias("acme-sso");
        idp.setProviderId("oidc");
        idp.setEnabled(true);
        idp.setConfig(Map.of("clientId", "acme", "clientSecret", "acme-sso-secret",
                "authorizationUrl", "https://sso.acme.test/auth", "tokenUrl", "https://sso.acme.test/token"));
        Admin.demo().identityProviders().create(idp).close();

        OrganizationResource acme = Admin.demo().organizations().get(acmeId());
        try (Response r = acme.identityProviders().addIdentityProvider("acme-sso")) {
            assertThat(r.getStatus()).isEqualTo(204);
        }
        JsonNode linked = newestDemo("org.idp.linked", "acme-sso");
        assertThat(organizationNames(linked)).containsExactly("Acme");
        assertThat(linked.path("actor").path("username").asText()).isEqualTo("admin");

        try (Response r = acme.identityProviders().get("acme-sso").delete()) {
            assertThat(r.getStatus()).isEqualTo(204);
        }
        JsonNode unlinked = newestDemo("org.idp.unlinked", "acme-sso");
        assertThat(organizationNames(unlinked)).containsExactly("Acme");
    }

    @Test
    void invitedMemberJoinsThroughTheEmailedLink() {
        String daveId = Admin.demo().users().search("dave", true).get(0).getId();
        OrganizationResource acme = Admin.demo().organizations().get(acmeId());
        try (Response r = acme.members().inviteExistingUser(daveId)) {
            assertThat(r.getStatus()).isEqualTo(204);
        }
        JsonNode invited = newestDemo("member.invited");
        assertThat(organizationNames(invited)).containsExactly("Acme");
        assertThat(invited.path("category").asText()).isEqualTo("members");

        String link = Mail.lastLink(mail);
        Browser browser = new Browser("http://localhost:8500/");
        Browser.Page info = browser.get(link);
        assertThat(info.html()).contains("you will become a member of the Acme organization");
        Browser.Page page = browser.get(info.link("action-token"));
        assertThat(acme.members().list(-1, -1)).as(page.url() + "\n" + page.html())
                .anyMatch(u -> u.getUsername().equals("dave"));
        JsonNode joined = newestDemo("member.joined", "dave");
        assertThat(organizationNames(joined)).contains("Acme");
    }

    @Test
    void memberRemovedFromAnOrganization() {
        String carolId = Admin.demo().users().search("carol", true).get(0).getId();
        try (Response r = Admin.demo().organizations().get(acmeId()).members().member(carolId).delete()) {
            assertThat(r.getStatus()).isEqualTo(204);
        }
        JsonNode removed = newestDemo("member.removed", "carol");
        assertThat(organizationNames(removed)).contains("Acme");
    }

    private static List<String> teamIds(JsonNode entry) {
        List<String> ids = new ArrayList<>();
        entry.path("organizations").forEach(o -> o.path("teams").forEach(t -> ids.add(t.path("id").asText())));
        return ids;
    }

    private static JsonNode awaitEntry(String action, String resourceId) {
        return AuditApi.awaitDemo(e -> e.path("action").asText().equals(action)
                && resourceId.equals(e.path("resource").path("id").asText()));
    }

    /**
     * A team (a top-level organization group) owns the changes to it, to its subgroups, their members and its role
     * mappings, and its members' activity while they are members; deletions too, once the groups are gone.
     */
    @Test
    @RequiresKeycloak(ORGANIZATION_GROUPS)
    void teamsOwnTheirChangesTheirMembersAndTheirMembersActivity() {
        String acme = acmeId();
        String admin = Tokens.masterAdmin();
        String groups = DemoRealmConfig.REALM + "/organizations/" + acme + "/groups";
        String name = "team-" + UUID.randomUUID().toString().substring(0, 8);
        Rest.Reply created = Rest.admin("POST", groups, admin, "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        String team = created.createdId();
        JsonNode teamCreated = awaitEntry("group.created", team);
        assertThat(teamIds(teamCreated)).containsExactly(team);
        assertThat(teamCreated.path("organizations").findValuesAsText("name")).contains("Acme", name);

        Rest.Reply child = Rest.admin("POST", groups + "/" + team + "/children", admin, "{\"name\":\"sub\"}");
        assertThat(child.status()).as(String.valueOf(child.body())).isEqualTo(201);
        String sub = child.body().path("id").asText();
        assertThat(teamIds(awaitEntry("group.created", sub))).as("the new subgroup, not its parent").containsExactly(team);

        String carol = Admin.demo().users().search("carol", true).get(0).getId();
        assertThat(Rest.admin("PUT", groups + "/" + sub + "/members/" + carol, admin, null).status()).isEqualTo(204);
        JsonNode joined = AuditApi.awaitDemo(e -> e.path("action").asText().equals("group.member.added")
                && sub.equals(e.path("details").path("groupId").asText()));
        assertThat(teamIds(joined)).containsExactly(team);
        Tokens.demoUser("carol");
        JsonNode login = AuditApi.awaitDemo(e -> e.path("action").asText().equals("auth.login")
                && "carol".equals(e.path("actor").path("username").asText()));
        assertThat(teamIds(login)).as("carol's login while a member of a subgroup").contains(team);
        assertThat(organizationNames(login)).contains("Acme", "Globex");

        String employee = Rest.admin("GET", DemoRealmConfig.REALM + "/roles/employee", admin, null).raw().body();
        assertThat(Rest.admin("POST", groups + "/" + team + "/role-mappings/realm", admin, "[" + employee + "]")
                .status()).isEqualTo(204);
        assertThat(teamIds(awaitEntry("role.assigned", team))).containsExactly(team);

        assertThat(Rest.admin("DELETE", groups + "/" + sub + "/members/" + carol, admin, null).status())
                .isEqualTo(204);
        String leftAt = AuditApi.awaitDemo(e -> e.path("action").asText().equals("group.member.removed")
                && sub.equals(e.path("details").path("groupId").asText())).path("id").asText();
        Tokens.demoUser("carol");
        JsonNode after = AuditApi.awaitDemo(e -> e.path("action").asText().equals("auth.login")
                && "carol".equals(e.path("actor").path("username").asText()) && !e.path("id").asText().equals(
                login.path("id").asText()));
        assertThat(leftAt).isNotBlank();
        assertThat(teamIds(after)).as("carol's login once she left").doesNotContain(team);

        assertThat(Rest.admin("DELETE", groups + "/" + sub, admin, null).status()).isEqualTo(204);
        assertThat(teamIds(awaitEntry("group.deleted", sub))).as("a deleted subgroup").containsExactly(team);
        assertThat(Rest.admin("DELETE", groups + "/" + team, admin, null).status()).isEqualTo(204);
        assertThat(teamIds(awaitEntry("group.deleted", team))).as("a deleted team").containsExactly(team);
    }
}
