package dev.kcaudit.audit.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.TreeMap;
import org.keycloak.models.UserModel;
import org.keycloak.util.JsonSerialization;

/**
 * A user admin event carries the representation the request sent, not what Keycloak kept: the user profile drops
 * unmanaged attributes (the default policy) and read-only fields, so an entry built from the request alone would
 * report changes that never happened. This reads the user's fields back from the model, in the same transaction,
 * after the change and before its commit.
 */
final class StoredUser {

    /** The representation fields the user model holds; other fields of a request (credentials…) stay as sent. */
    static final Set<String> FIELDS = Set.of("username", "email", "firstName", "lastName", "enabled", "emailVerified",
            "attributes", "requiredActions", "federationLink");

    private static final Set<String> TOP_LEVEL = Set.of(UserModel.USERNAME, UserModel.EMAIL, UserModel.FIRST_NAME,
            UserModel.LAST_NAME);

    private StoredUser() {
    }

    /** The model's values of {@link #FIELDS}: getters of the loaded user only, no extra queries. */
    static ObjectNode of(UserModel user) {
        ObjectNode node = JsonSerialization.mapper.createObjectNode();
        node.put("username", user.getUsername());
        node.put("email", user.getEmail());
        node.put("firstName", user.getFirstName());
        node.put("lastName", user.getLastName());
        node.put("enabled", user.isEnabled());
        node.put("emailVerified", user.isEmailVerified());
        ObjectNode attributes = node.putObject("attributes");
        // The representation keeps these four at the top level, as ModelToRepresentation does.
        new TreeMap<>(user.getAttributes()).forEach((name, values) -> {
            if (!TOP_LEVEL.contains(name)) {
                ArrayNode list = attributes.putArray(name);
                values.forEach(list::add);
            }
        });
        ArrayNode actions = node.putArray("requiredActions");
        user.getRequiredActionsStream().sorted().forEach(actions::add);
        node.put("federationLink", user.getFederationLink());
        return node;
    }

    /**
     * Pure: the request's representation with every field the model holds replaced by the stored value (a field the
     * request named but Keycloak did not keep becomes null). Fields the request did not name stay absent, so a
     * partial update is still compared only where it touched the user.
     */
    static JsonNode asStored(JsonNode request, JsonNode stored) {
        if (!(request instanceof ObjectNode sent) || !(stored instanceof ObjectNode kept)) {
            return request;
        }
        ObjectNode result = sent.deepCopy();
        sent.properties().forEach(field -> {
            if (FIELDS.contains(field.getKey())) {
                JsonNode value = kept.get(field.getKey());
                result.set(field.getKey(), value == null ? JsonSerialization.mapper.nullNode() : value);
            }
        });
        return result;
    }
}
