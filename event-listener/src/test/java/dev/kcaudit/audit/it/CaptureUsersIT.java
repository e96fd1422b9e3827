package dev.kcaudit.audit.it;

import static dev.kcaudit.audit.it.support.AuditApi.changes;
import static dev.kcaudit.audit.it.support.AuditApi.newestDemo;
import static dev.kcaudit.audit.it.support.AuditApi.organizationNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.Admin;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Tokens;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/** Users and group membership changed through the admin API, as the admin console does it. */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class CaptureUsersIT {

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    private static String createUser(String username, String email) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(email);
        user.setEnabled(true);
        try (Response response = Admin.demo().users().create(user)) {
            return Admin.createdId(response);
        }
    }

    private static String acmeId() {
        return Admin.demo().organizations().getAll().stream().filter(o -> o.getAlias().equals("acme"))
                .map(OrganizationRepresentation::getId).findFirst().orElseThrow();
    }

    @Test
    void updateRecordsOldAndNewValues() {
        String id = createUser("erin", "erin@old.test");
        UserResource erin = Admin.demo().users().get(id);
        UserRepresentation rep = erin.toRepresentation();
        rep.setEmail("erin@new.test");
        rep.setFirstName("Erin");
        erin.update(rep);

        JsonNode entry = newestDemo("user.updated", "erin");
        assertThat(entry.path("category").asText()).isEqualTo("users");
        assertThat(changes(entry)).contains("email: erin@old.test -> erin@new.test", "firstName:  -> Erin");
        assertThat(entry.path("actor").path("username").asText()).isEqualTo("admin");
    }

    @Test
    void changesAreWhatKeycloakStoredNotWhatTheRequestSent() {
        // The demo realm keeps the default user profile: unmanaged attributes are not stored.
        String id = createUser("hank", "hank@demo.test");
        UserResource hank = Admin.demo().users().get(id);
        UserRepresentation rep = hank.toRepresentation();
        rep.setLastName("Hill");
        rep.setAttributes(Map.of("notInTheProfile", List.of("dropped")));
        hank.update(rep);
        assertThat(hank.toRepresentation().getAttributes()).as("Keycloak kept the attribute").isNull();

        JsonNode entry = newestDemo("user.updated", "hank");
        assertThat(changes(entry)).containsExactly("lastName:  -> Hill");
    }

    @Test
    void firstUpdateOfAnImportedUserStillShowsTheOldValue() {
        String bobId = Admin.demo().users().search("bob", true).get(0).getId();
        UserRepresentation bob = Admin.demo().users().get(bobId).toRepresentation();
        bob.setLastName("Builder");
        Admin.demo().users().get(bobId).update(bob);
        JsonNode entry = newestDemo("user.updated", "bob");
        assertThat(changes(entry)).containsExactly("lastName: Baker -> Builder");
        assertThat(organizationNames(entry)).containsExactly("Globex");
    }

    @Test
    void disableEnableAndRequiredActionsHaveTheirOwnActions() {
        String id = createUser("frank", "frank@demo.test");
        UserResource frank = Admin.demo().users().get(id);
        UserRepresentation rep = frank.toRepresentation();
        rep.setEnabled(false);
        frank.update(rep);
        assertThat(changes(newestDemo("user.disabled", "frank"))).contains("enabled: true -> false");

        rep.setEnabled(true);
        frank.update(rep);
        assertThat(changes(newestDemo("user.enabled", "frank"))).contains("enabled: false -> true");

        rep.setRequiredActions(List.of("UPDATE_PASSWORD"));
        frank.update(rep);
        assertThat(changes(newestDemo("user.required-action.set", "frank")))
                .contains("requiredActions: [] -> [\"UPDATE_PASSWORD\"]");
    }

    @Test
    void deletedUserKeepsItsNameAndOrganizations() {
        String id = createUser("gina", "gina@acme.test");
        Admin.demo().organizations().get(acmeId()).members().addMember(id).close();
        JsonNode added = newestDemo("member.added", "gina");
        assertThat(organizationNames(added)).containsExactly("Acme");
        assertThat(added.path("category").asText()).isEqualTo("members");

        Admin.demo().users().get(id).remove();
        JsonNode deleted = newestDemo("user.deleted", "gina");
        assertThat(deleted.path("resource").path("id").asText()).isEqualTo(id);
        assertThat(organizationNames(deleted)).containsExactly("Acme");
    }

    @Test
    void passwordResetAndSessionRevocationAreAudited() {
        String aliceId = Admin.demo().users().search("alice", true).get(0).getId();
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType("password");
        password.setValue("a-new-Passw0rd");
        password.setTemporary(false);
        Admin.demo().users().get(aliceId).resetPassword(password);
        JsonNode reset = newestDemo("credential.password.reset", "alice");
        assertThat(reset.path("category").asText()).isEqualTo("credentials");
        assertThat(organizationNames(reset)).containsExactly("Acme");

        assertThat(Tokens.password(DemoRealmConfig.REALM, "demo-app", "alice", "a-new-Passw0rd").status())
                .isEqualTo(200);
        Admin.demo().users().get(aliceId).logout();
        assertThat(newestDemo("user.sessions.revoked", "alice").path("category").asText()).isEqualTo("users");
    }

    @Test
    void groupMembershipNamesTheGroup() {
        GroupRepresentation group = new GroupRepresentation();
        group.setName("support-team");
        String groupId;
        try (Response r = Admin.demo().groups().add(group)) {
            String location = r.getLocation().getPath();
            groupId = location.substring(location.lastIndexOf('/') + 1);
        }
        assertThat(newestDemo("group.created", "support-team")).isNotNull();

        String bobId = Admin.demo().users().search("bob", true).get(0).getId();
        Admin.demo().users().get(bobId).joinGroup(groupId);
        JsonNode joined = newestDemo("group.member.added", "bob");
        assertThat(joined.path("details").path("group").asText()).isEqualTo("support-team");
        assertThat(organizationNames(joined)).containsExactly("Globex");

        Admin.demo().users().get(bobId).leaveGroup(groupId);
        assertThat(newestDemo("group.member.removed", "bob").path("details").path("group").asText())
                .isEqualTo("support-team");
    }
}
