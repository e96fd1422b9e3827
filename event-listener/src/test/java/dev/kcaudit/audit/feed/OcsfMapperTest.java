package dev.kcaudit.audit.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Origin;
import dev.kcaudit.audit.model.Outcome;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.Source;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OcsfMapperTest {

    private final OcsfMapper mapper = new OcsfMapper("test");
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode map(AuditAction action, Actor actor, Resource resource, String ip, Outcome outcome) {
        AuditEntry entry = new AuditEntry("e-1", 1_700_000_000_000L, "realm-id", List.of(), action, outcome, actor,
                resource, List.of(), ip, null, Source.ADMIN_API, Map.of("username", "alice"));
        return json.valueToTree(mapper.map(entry, "demo", Map.of("id", "e-1")));
    }

    @Test
    void everyActionMapsToAValidEventOfItsClass() {
        Actor[] actors = {new Actor("u-1", Actor.Type.USER, "admin", "a@x.test", "admin-cli"), Actor.system(),
                Actor.anonymous(null)};
        Resource[] resources = {new Resource("user", "u-2", "alice"), null, new Resource("group", null, null)};
        for (AuditAction action : AuditAction.values()) {
            for (int i = 0; i < actors.length; i++) {
                JsonNode event = map(action, actors[i], resources[i], i == 0 ? "10.0.0.1" : null,
                        i == 1 ? Outcome.failure("invalid_user_credentials") : Outcome.success());
                assertThat(OcsfValidator.problems(event)).as(action.id() + " " + event).isEmpty();
                assertThat(event.path("metadata").path("uid").asText()).isEqualTo("e-1");
            }
        }
    }

    @Test
    void theIssueNamesTheseClasses() {
        Actor admin = new Actor("u-1", Actor.Type.USER, "admin", null, "admin-cli");
        Resource user = new Resource("user", "u-2", "alice");
        assertThat(map(AuditAction.LOGIN, admin, user, "10.0.0.1", Outcome.success()).path("type_uid").asLong())
                .isEqualTo(300201);
        assertThat(map(AuditAction.PASSWORD_RESET, admin, user, null, Outcome.success())
                .path("type_uid").asLong()).isEqualTo(300104);
        assertThat(map(AuditAction.USER_CREATED, admin, user, null, Outcome.success()).path("type_uid").asLong())
                .isEqualTo(300701);
        JsonNode member = map(AuditAction.MEMBER_ADDED, admin, new Resource("organization", "o-1", "acme"), null,
                Outcome.success());
        assertThat(member.path("type_uid").asLong()).isEqualTo(300603);
        assertThat(member.path("group").path("name").asText()).isEqualTo("acme");
        JsonNode client = map(AuditAction.CLIENT_CREATED, admin, new Resource("client", "c-1", "app"), "10.0.0.1",
                Outcome.success());
        assertThat(client.path("type_uid").asLong()).isEqualTo(600301);
        assertThat(client.path("api").path("operation").asText()).isEqualTo("client.created");
        assertThat(client.path("src_endpoint").path("ip").asText()).isEqualTo("10.0.0.1");
        JsonNode failed = map(AuditAction.LOGIN_FAILED, admin, user, null, Outcome.failure("bad"));
        assertThat(failed.path("status_id").asInt()).isEqualTo(2);
        assertThat(failed.path("status_detail").asText()).isEqualTo("bad");
    }

    @Test
    void anOriginFillsLocationNetworkUserAgentAndDeviceOfEveryClass() {
        Origin origin = new Origin("Mozilla/5.0 (iPad)", "Mobile Safari 16", "iOS 16", "tablet", "DE", "Hesse",
                "Frankfurt am Main", 3320L, "Deutsche Telekom AG");
        Actor admin = new Actor("u-1", Actor.Type.USER, "admin", null, "admin-cli");
        for (AuditAction action : AuditAction.values()) {
            AuditEntry entry = new AuditEntry("e-1", 1_700_000_000_000L, "realm-id", List.of(), action,
                    Outcome.success(), admin, new Resource("user", "u-2", "alice"), List.of(), "81.2.69.142", null,
                    Source.LOGIN, Map.of()).withOrigin(origin);
            JsonNode event = json.valueToTree(mapper.map(entry, "demo", Map.of("id", "e-1")));
            assertThat(OcsfValidator.problems(event)).as(action.id() + " " + event).isEmpty();
            JsonNode endpoint = event.path("src_endpoint");
            assertThat(endpoint.path("location").path("country").asText()).isEqualTo("DE");
            assertThat(endpoint.path("location").path("city").asText()).isEqualTo("Frankfurt am Main");
            assertThat(endpoint.path("autonomous_system").path("number").asLong()).isEqualTo(3320);
            assertThat(event.path("http_request").path("user_agent").asText()).isEqualTo("Mozilla/5.0 (iPad)");
            // The client's kind and system on its endpoint; the top-level device would be Keycloak's host.
            assertThat(endpoint.path("type_id").asInt()).isEqualTo(4);
            assertThat(endpoint.path("os").path("type_id").asInt()).isEqualTo(302);
            assertThat(endpoint.path("location").path("desc").asText()).isEqualTo("Hesse");
            assertThat(event.has("device")).isFalse();
        }
    }
}
