package dev.kcaudit.audit.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcaudit.audit.model.Change;
import org.junit.jupiter.api.Test;

class ChangeDiffTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode json(String text) throws Exception {
        return mapper.readTree(text);
    }

    @Test
    void reportsChangedScalarsArraysAndNestedAttributes() throws Exception {
        JsonNode before = json("""
                {"id":"1","email":"a@x.test","enabled":true,"requiredActions":[],
                 "attributes":{"team":["blue"],"floor":["3"]}}""");
        JsonNode after = json("""
                {"id":"1","email":"b@x.test","enabled":true,"requiredActions":["UPDATE_PASSWORD"],
                 "attributes":{"team":["red"]}}""");
        assertThat(ChangeDiff.diff(before, after)).containsExactly(
                new Change("email", "a@x.test", "b@x.test"),
                new Change("requiredActions", "[]", "[\"UPDATE_PASSWORD\"]"),
                new Change("attributes.team", "[\"blue\"]", "[\"red\"]"),
                new Change("attributes.floor", "[\"3\"]", null));
    }

    @Test
    void partialUpdatesCompareOnlyTheFieldsTheyName() throws Exception {
        JsonNode before = json("{\"email\":\"a@x.test\",\"enabled\":true}");
        JsonNode update = json("{\"enabled\":false}");
        assertThat(ChangeDiff.diff(before, update)).containsExactly(new Change("enabled", "true", "false"));
        assertThat(ChangeDiff.merge(before, update)).isEqualTo(json("{\"email\":\"a@x.test\",\"enabled\":false}"));
    }

    @Test
    void defaultsAndNumberWidthsAreNoChange() throws Exception {
        JsonNode before = json("{\"a\":1000}");
        JsonNode after = json("{\"a\":1000,\"emailVerified\":false,\"requiredActions\":[],\"note\":\"\"}");
        assertThat(ChangeDiff.diff(before, after)).isEmpty();
        assertThat(ChangeDiff.diff(json("{\"enabled\":true}"), json("{\"enabled\":false}")))
                .containsExactly(new Change("enabled", "true", "false"));
    }

    @Test
    void noPreviousStateMeansNoChanges() throws Exception {
        assertThat(ChangeDiff.diff(null, json("{\"a\":1}"))).isEmpty();
    }

    // The new side of a user update is what Keycloak stored (StoredUser), not what the request sent.
    @Test
    void anAttributeKeycloakDroppedIsNoChange() throws Exception {
        JsonNode previous = json("{\"username\":\"erin\",\"lastName\":\"Old\",\"attributes\":{}}");
        JsonNode sent = json("{\"username\":\"erin\",\"lastName\":\"New\",\"attributes\":{\"marker\":[\"m1\"]}}");
        JsonNode stored = json("{\"username\":\"erin\",\"lastName\":\"New\",\"attributes\":{},\"enabled\":true}");
        assertThat(ChangeDiff.diff(previous, StoredUser.asStored(sent, stored)))
                .containsExactly(new Change("lastName", "Old", "New"));
    }

    @Test
    void fieldsTheRequestDidNotNameStayOutAndOthersStayAsSent() throws Exception {
        JsonNode sent = json("{\"firstName\":\"Asked\",\"credentials\":[{\"type\":\"password\"}]}");
        JsonNode stored = json("{\"firstName\":\"Kept\",\"email\":\"e@x.test\"}");
        assertThat(StoredUser.asStored(sent, stored))
                .isEqualTo(json("{\"firstName\":\"Kept\",\"credentials\":[{\"type\":\"password\"}]}"));
    }

    @Test
    void aNamedFieldTheModelLacksBecomesNull() throws Exception {
        JsonNode sent = json("{\"email\":\"asked@x.test\"}");
        assertThat(StoredUser.asStored(sent, json("{}")).get("email").isNull()).isTrue();
    }
}
