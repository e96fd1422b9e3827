package dev.kcaudit.audit.it;

import static dev.kcaudit.audit.it.support.AuditApi.newestDemo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.Admin;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.Browser;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.Mail;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Totp;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.realm.ManagedRealm;

/** Credentials changed by their owners in the login pages and account API, and reset e-mails. */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class CaptureCredentialsIT {

    private static final String DEMO = DemoRealmConfig.REALM;
    private static final String REDIRECT = "http://localhost:8500/callback";
    private static final String LOGIN = "http://localhost:8080/realms/" + DEMO + "/protocol/openid-connect/auth"
            + "?client_id=demo-app&response_type=code&scope=openid&redirect_uri=" + REDIRECT;

    @InjectMailServer
    MailServer mail;

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    private static String createUser(String username, String... requiredActions) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(username + "@demo.test");
        user.setFirstName(username);
        user.setLastName("Test");
        user.setEmailVerified(true);
        user.setEnabled(true);
        String id;
        try (Response r = Admin.demo().users().create(user)) {
            assertThat(r.getStatus()).isEqualTo(201);
            String path = r.getLocation().getPath();
            id = path.substring(path.lastIndexOf('/') + 1);
        }
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType("password");
        password.setValue("first-Passw0rd");
        password.setTemporary(false);
        Admin.demo().users().get(id).resetPassword(password);
        // Set after the password: a non-temporary password reset clears UPDATE_PASSWORD.
        UserRepresentation stored = Admin.demo().users().get(id).toRepresentation();
        stored.setRequiredActions(List.of(requiredActions));
        Admin.demo().users().get(id).update(stored);
        return id;
    }

    @Test
    void userSettingUpOtpAndRemovingItIsAudited() {
        String id = createUser("otto", "CONFIGURE_TOTP");
        Browser browser = new Browser(REDIRECT);
        Browser.Page setup = browser.login(browser.get(LOGIN), "otto", "first-Passw0rd");
        String secret = setup.field("totpSecret");
        Browser.Page done = browser.submit(setup, Map.of("totp", Totp.code(secret), "totpSecret", secret,
                "userLabel", "phone"));
        assertThat(done.url().toString()).as(done.html()).startsWith(REDIRECT);
        JsonNode added = newestDemo("credential.otp.added", "otto");
        assertThat(added.path("category").asText()).isEqualTo("credentials");
        assertThat(added.toString()).doesNotContain(secret);

        String otpId = Admin.demo().users().get(id).credentials().stream()
                .filter(c -> c.getType().equals("otp")).findFirst().orElseThrow().getId();
        // The account console removes a credential through the delete_credential application-initiated action.
        Browser.Page confirm = browser.get(LOGIN + "&kc_action=delete_credential:" + otpId);
        Browser.Page deleted = browser.submit(confirm, Map.of("accept", ""));
        assertThat(deleted.url().toString()).as(deleted.html()).startsWith(REDIRECT);
        assertThat(Admin.demo().users().get(id).credentials()).noneMatch(c -> c.getType().equals("otp"));
        JsonNode entry = newestDemo("credential.otp.removed", "otto");
        assertThat(entry.path("actor").path("username").asText()).isEqualTo("otto");
    }

    @Test
    void userUpdatingTheirPasswordIsAudited() {
        createUser("petra", "UPDATE_PASSWORD");
        Browser browser = new Browser(REDIRECT);
        Browser.Page update = browser.login(browser.get(LOGIN), "petra", "first-Passw0rd");
        Browser.Page done = browser.submit(update, Map.of("password-new", "second-Passw0rd",
                "password-confirm", "second-Passw0rd"));
        assertThat(done.url().toString()).as(done.html()).startsWith(REDIRECT);
        JsonNode entry = newestDemo("credential.password.updated", "petra");
        assertThat(entry.path("actor").path("username").asText()).isEqualTo("petra");
        assertThat(entry.toString()).doesNotContain("second-Passw0rd");
    }

    @Test
    void forgotPasswordEmailIsAudited() {
        createUser("rita");
        Browser browser = new Browser(REDIRECT);
        Browser.Page passwordPage = browser.submit(browser.get(LOGIN), Map.of("username", "rita"));
        Browser.Page forgot = browser.get(passwordPage.link("reset-credentials"));
        browser.submit(forgot, Map.of("username", "rita"));
        assertThat(Mail.lastLink(mail)).contains("action-token");
        JsonNode entry = newestDemo("credential.reset-email.sent", "rita");
        assertThat(entry.path("category").asText()).isEqualTo("credentials");
        assertThat(entry.toString()).doesNotContain("action-token?key");
    }

    @Test
    void adminSendingARequiredActionsEmailIsAudited() {
        String id = createUser("sven");
        Admin.demo().users().get(id).executeActionsEmail(List.of("UPDATE_PASSWORD"));
        assertThat(Mail.lastLink(mail)).contains("action-token");
        assertThat(newestDemo("user.actions-email.sent", "sven").path("actor").path("username").asText())
                .isEqualTo("admin");
    }
}
