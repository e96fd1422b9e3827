package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcaudit.audit.it.support.Admin;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Scim;
import dev.kcaudit.audit.it.support.Tokens;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Plants known secret strings through every path that carries one (passwords, client secrets, IdP secrets, SMTP
 * password, SCIM passwords, tokens, realm-configured sensitive attributes) and then scans everything stored.
 */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class RedactionIT {

    private static final String DEMO = DemoRealmConfig.REALM;
    private static final List<String> SECRETS = List.of("PlantedUserPassw0rd", "planted-client-secret",
            "planted-idp-secret", "planted-smtp-password", "PlantedScimPassw0rd", "planted-ssn-123-45-6789",
            "PlantedResetPassw0rd");

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    @Test
    void noSecretEverReachesTheAuditTables() throws Exception {
        AuditApi.Reply config = AuditApi.put(DEMO, "config", Tokens.masterAdmin(), "{\"redactedAttributes\":[\"ssn\"]}");
        assertThat(config.status()).isEqualTo(200);

        UserRepresentation user = new UserRepresentation();
        user.setUsername("secretive");
        user.setEnabled(true);
        user.setAttributes(Map.of("ssn", List.of("planted-ssn-123-45-6789"), "team", List.of("blue")));
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType("password");
        password.setValue("PlantedUserPassw0rd");
        password.setTemporary(false);
        user.setCredentials(List.of(password));
        String userId;
        try (Response r = Admin.demo().users().create(user)) {
            String path = r.getLocation().getPath();
            userId = path.substring(path.lastIndexOf('/') + 1);
        }
        password.setValue("PlantedResetPassw0rd");
        Admin.demo().users().get(userId).resetPassword(password);
        UserRepresentation stored = Admin.demo().users().get(userId).toRepresentation();
        stored.setAttributes(Map.of("ssn", List.of("planted-ssn-123-45-6789"), "team", List.of("red")));
        Admin.demo().users().get(userId).update(stored);

        ClientRepresentation client = new ClientRepresentation();
        client.setClientId("secret-holder");
        client.setPublicClient(false);
        client.setSecret("planted-client-secret");
        Admin.demo().clients().create(client).close();
        Tokens.clientCredentials(DEMO, "secret-holder", "planted-client-secret");

        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias("secret-idp");
        idp.setProviderId("oidc");
        idp.setConfig(Map.of("clientId", "x", "clientSecret", "planted-idp-secret",
                "authorizationUrl", "https://idp.test/auth", "tokenUrl", "https://idp.test/token"));
        Admin.demo().identityProviders().create(idp).close();

        RealmRepresentation realm = Admin.demo().toRepresentation();
        realm.setSmtpServer(Map.of("host", "smtp.test", "from", "audit@demo.test", "auth", "true",
                "user", "mailer", "password", "planted-smtp-password"));
        Admin.demo().update(realm);

        Scim.Reply scim = Scim.send("POST", "Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"scim-secret",
                 "name":{"givenName":"Sec","familyName":"Ret"},"emails":[{"value":"sec@demo.test"}],
                 "password":"PlantedScimPassw0rd","active":true}""");
        assertThat(scim.status()).as(String.valueOf(scim.body())).isEqualTo(201);

        String login = Tokens.password(DEMO, "demo-app", "alice", "demo").body().toString();
        String accessToken = Tokens.demoUser("bob");

        List<String> planted = new java.util.ArrayList<>(SECRETS);
        planted.add(accessToken);
        planted.add(login.replaceAll(".*\"refresh_token\":\"([^\"]+)\".*", "$1"));

        String everything = AuditApi.get(DEMO, "entries?max=1000", Tokens.demoUser("auditor")).raw().body();
        assertThat(List.of("secretive", "secret-holder", "secret-idp", "scim-secret", "team"))
                .as("the planted operations were captured").allMatch(everything::contains);
        assertThat(planted.stream().filter(everything::contains).toList()).as("secrets found in entries").isEmpty();
        rawTablesContainNone(planted);
    }

    /** On PostgreSQL and MariaDB, read every stored column directly, including the kept resource states. */
    private static void rawTablesContainNone(List<String> planted) throws Exception {
        if (!"remote".equals(System.getProperty("kc.test.database"))) {
            return;
        }
        try (Connection c = DriverManager.getConnection(System.getProperty("kc.test.database.url"),
                System.getProperty("kc.test.database.user"), System.getProperty("kc.test.database.password"));
             Statement s = c.createStatement()) {
            for (String table : List.of("AUDIT_ENTRY", "AUDIT_ENTRY_ORG", "AUDIT_RESOURCE_STATE")) {
                StringBuilder dump = new StringBuilder();
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            dump.append(rs.getString(i)).append('|');
                        }
                    }
                }
                assertThat(dump.length()).as(table + " is not empty").isPositive();
                String stored = dump.toString();
                assertThat(planted.stream().filter(stored::contains).toList()).as("secrets found in " + table).isEmpty();
            }
        }
    }
}
