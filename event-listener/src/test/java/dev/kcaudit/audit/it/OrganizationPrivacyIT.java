package dev.kcaudit.audit.it;

import static dev.kcaudit.audit.it.support.KeycloakVersion.Feature.ORGANIZATION_GROUPS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.Admin;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.ExportText;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.RequiresKeycloak;
import dev.kcaudit.audit.it.support.Rest;
import dev.kcaudit.audit.it.support.Tokens;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Organization admins see their organization and nothing about others: an entry about a change inside an
 * organization belongs to that organization only, and in everything an organization admin receives (entries,
 * details, exports of every format, export jobs, the feed, facets, headers) no other organization's name or id
 * appears and nothing reveals the realm's volume (sequence numbers, seals).
 */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class OrganizationPrivacyIT {

    private static final String DEMO = DemoRealmConfig.REALM;

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    private static String orgId(String alias) {
        return Admin.demo().organizations().getAll().stream().filter(o -> o.getAlias().equals(alias))
                .map(OrganizationRepresentation::getId).findFirst().orElseThrow();
    }

    private static String userId(String username) {
        return Admin.demo().users().search(username, true).get(0).getId();
    }

    private static List<String> ids(AuditApi.Reply page) {
        assertThat(page.status()).as(String.valueOf(page.body())).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.body().path("entries").forEach(e -> ids.add(e.path("id").asText()));
        return ids;
    }

    @Test
    @RequiresKeycloak(ORGANIZATION_GROUPS)
    void aChangeInsideAnOrganizationBelongsToThatOrganizationOnly() {
        String acme = orgId("acme");
        String carol = userId("carol");
        String admin = Tokens.masterAdmin();
        Rest.Reply group = Rest.admin("POST", DEMO + "/organizations/" + acme + "/groups", admin,
                "{\"name\":\"privacy-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
        assertThat(group.status()).as(String.valueOf(group.body())).isEqualTo(201);
        String groupId = group.createdId();
        String member = DEMO + "/organizations/" + acme + "/groups/" + groupId + "/members/" + carol;
        assertThat(Rest.admin("PUT", member, admin, null).status()).isEqualTo(204);

        // carol belongs to Acme and Globex; the change was made inside Acme.
        JsonNode entry = AuditApi.newest(DEMO, Tokens.demoUser("auditor"), e -> e.path("action").asText()
                .equals("group.member.added") && groupId.equals(e.path("details").path("groupId").asText()));
        assertThat(AuditApi.organizationIds(entry)).containsExactly(acme);
        String id = entry.path("id").asText();
        assertThat(ids(AuditApi.get(DEMO, "entries?max=1000", Tokens.demoUser("globex-admin")))).doesNotContain(id);
        assertThat(AuditApi.get(DEMO, "entries/" + id, Tokens.demoUser("globex-admin")).status()).isEqualTo(404);
        assertThat(ids(AuditApi.get(DEMO, "entries?max=1000", Tokens.demoUser("acme-admin")))).contains(id);

        assertThat(Rest.admin("DELETE", member, admin, null).status()).isEqualTo(204);
        assertThat(Rest.admin("DELETE", DEMO + "/organizations/" + acme + "/groups/" + groupId, admin, null)
                .status()).isEqualTo(204);
    }

    @Test
    void anOrganizationAdminReceivesNothingAboutOtherOrganizationsOrTheRealmsVolume() throws Exception {
        String since = Instant.now().minusSeconds(5).toString();
        Tokens.demoUser("carol");
        String globex = orgId("globex");
        String auditor = Tokens.demoUser("auditor");
        JsonNode login = AuditApi.newest(DEMO, auditor, e -> e.path("action").asText().equals("auth.login")
                && "carol".equals(e.path("actor").path("username").asText()));
        // What a realm auditor sees: both organizations and the entry's place in the chain (once numbered).
        assertThat(AuditApi.organizationNames(login)).contains("Acme", "Globex");
        String id = login.path("id").asText();
        awaitNumbered(id, auditor);

        String acmeAdmin = Tokens.demoUser("acme-admin");
        List<String> received = new ArrayList<>();
        AuditApi.Reply page = AuditApi.get(DEMO, "entries?max=1000&from=" + since, acmeAdmin);
        assertThat(ids(page)).contains(id);
        received.add("entries:" + page.raw().body());
        AuditApi.Reply one = AuditApi.get(DEMO, "entries/" + id, acmeAdmin);
        assertThat(one.status()).isEqualTo(200);
        assertThat(AuditApi.organizationNames(one.body())).containsExactly("Acme");
        received.add("entry:" + one.raw().body());
        received.add("facets:" + AuditApi.get(DEMO, "facets", acmeAdmin).raw().body());
        for (String format : List.of("csv", "json", "xlsx", "pdf")) {
            HttpResponse<byte[]> file = AuditApi.bytes(DEMO, "export?format=" + format + "&from=" + since, acmeAdmin);
            assertThat(file.statusCode()).isEqualTo(200);
            received.add("headers " + format + ":" + file.headers().map());
            String text = ExportText.of(format, file.body());
            assertThat(text).as(format).contains("carol");
            received.add("export " + format + ":" + text);
        }
        for (String format : List.of("native", "ocsf")) {
            AuditApi.Reply feed = AuditApi.get(DEMO, "feed?limit=1000&since=" + since + "&format=" + format, acmeAdmin);
            assertThat(feed.status()).isEqualTo(200);
            assertThat(feed.raw().body()).contains(id);
            received.add("feed " + format + ":" + feed.raw().body() + feed.raw().headers().map());
        }
        received.add("job:" + jobFile(acmeAdmin, since));

        for (String part : received) {
            assertThat(part).as(part.substring(0, Math.min(40, part.length())))
                    .doesNotContain("Globex", globex, "\"seq\"", "prevSeq", "chainHash", "through seq", "seal ");
        }
    }

    /** Waits until the sequencer has given the entry its place (so the realm-wide view carries integrity). */
    private static void awaitNumbered(String id, String auditor) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (AuditApi.get(DEMO, "entries/" + id, auditor).body().path("integrity").hasNonNull("seq")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("entry " + id + " was not numbered");
    }

    private static String jobFile(String token, String since) throws InterruptedException {
        AuditApi.Reply job = AuditApi.post(DEMO, "exports", token, "{\"format\":\"json\",\"from\":\"" + since + "\"}");
        assertThat(job.status()).as(String.valueOf(job.body())).isEqualTo(202);
        String id = job.body().path("id").asText();
        for (int i = 0; i < 150; i++) {
            JsonNode state = AuditApi.get(DEMO, "exports/" + id, token).body();
            if (state.path("status").asText().equals("Completed")) {
                HttpResponse<byte[]> file = AuditApi.bytes(DEMO, "exports/" + id + "/download", token);
                return state + "\n" + file.headers().map() + "\n" + ExportText.of("json", file.body());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("export job " + id + " did not complete");
    }
}
