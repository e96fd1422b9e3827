package dev.kcaudit.audit.it;

import static dev.kcaudit.audit.it.support.AuditApi.newestDemo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.Admin;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.Browser;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.DemoUsers;
import dev.kcaudit.audit.it.support.Mail;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.SoftwarePasskey;
import dev.kcaudit.audit.it.support.Totp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
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

    @Test
    void userSettingUpOtpAndRemovingItIsAudited() {
        String id = DemoUsers.create("otto", "first-Passw0rd", "CONFIGURE_TOTP");
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
    void userRegisteringAPasskeyAndRemovingItIsAudited() throws Exception {
        String id = DemoUsers.create("paskal", "first-Passw0rd", "webauthn-register-passwordless");
        Browser browser = new Browser(REDIRECT);
        Browser.Page register = browser.login(browser.get(LOGIN), "paskal", "first-Passw0rd");
        Browser.Page done = browser.submit(register,
                SoftwarePasskey.register(register, "http://localhost:8080", "localhost"));
        assertThat(done.url().toString()).as(done.html()).startsWith(REDIRECT);
        JsonNode added = newestDemo("credential.passkey.added", "paskal");
        assertThat(added.path("actionLabel").asText()).isEqualTo("Passkey added");

        String passkeyId = Admin.demo().users().get(id).credentials().stream()
                .filter(c -> c.getType().startsWith("webauthn")).findFirst().orElseThrow().getId();
        Browser.Page confirm = browser.get(LOGIN + "&kc_action=delete_credential:" + passkeyId);
        Browser.Page deleted = browser.submit(confirm, Map.of("accept", ""));
        assertThat(deleted.url().toString()).as(deleted.html()).startsWith(REDIRECT);
        assertThat(newestDemo("credential.passkey.removed", "paskal").path("category").asText())
                .isEqualTo("credentials");
    }

    @Test
    void userUpdatingTheirPasswordIsAudited() {
        DemoUsers.create("petra", "first-Passw0rd", "UPDATE_PASSWORD");
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
        DemoUsers.create("rita", "first-Passw0rd");
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
        String id = DemoUsers.create("sven", "first-Passw0rd");
        Admin.demo().users().get(id).executeActionsEmail(List.of("UPDATE_PASSWORD"));
        assertThat(Mail.lastLink(mail)).contains("action-token");
        assertThat(newestDemo("user.actions-email.sent", "sven").path("actor").path("username").asText())
                .isEqualTo("admin");
    }
}
