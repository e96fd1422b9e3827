package dev.kcaudit.audit.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcaudit.audit.model.Change;
import org.junit.jupiter.api.Test;

class StoredUserTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode json(String text) throws Exception {
        return mapper.readTree(text);
    }

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
