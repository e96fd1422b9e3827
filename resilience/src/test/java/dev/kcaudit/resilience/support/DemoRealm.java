package dev.kcaudit.resilience.support;

import dev.kcaudit.resilience.load.Load;
import java.util.ArrayList;
import java.util.List;

/** The demo realm (realm-config/demo-realm.json, audit-log listener on) and the users the load logs in with. */
public final class DemoRealm {

    public static final String NAME = KeycloakNode.REALM;

    private DemoRealm() {
    }

    public static String id(Api api) {
        return api.adminOrFail("GET", NAME, null).json().path("id").asText();
    }

    /** {@code count} users that may log in with {@link Load#PASSWORD} (complete profiles, so no required action). */
    public static List<String> loginUsers(Api api, String prefix, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = prefix + "-" + i;
            Api.Reply reply = api.adminOrFail("POST", NAME + "/users", "{\"username\":\"" + name + "\",\"enabled\":true,"
                    + "\"email\":\"" + name + "@example.test\",\"emailVerified\":true,\"firstName\":\"Load\","
                    + "\"lastName\":\"User " + i + "\",\"credentials\":[{\"type\":\"password\",\"value\":\""
                    + Load.PASSWORD + "\",\"temporary\":false}]}");
            if (reply.status() != 201) {
                throw new IllegalStateException("creating " + name + ": " + reply.status() + " " + reply.body());
            }
            names.add(name);
        }
        return names;
    }
}
