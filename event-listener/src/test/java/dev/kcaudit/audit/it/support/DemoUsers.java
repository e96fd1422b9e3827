package dev.kcaudit.audit.it.support;

import jakarta.ws.rs.core.Response;
import java.util.List;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** Users made in the demo realm through the admin API, as an admin would make them. */
public final class DemoUsers {

    private DemoUsers() {
    }

    /** A verified user with a password and, set after it (a password reset clears UPDATE_PASSWORD), required actions. */
    public static String create(String username, String password, String... requiredActions) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(username + "@demo.test");
        user.setFirstName(username);
        user.setLastName("Test");
        user.setEmailVerified(true);
        user.setEnabled(true);
        String id;
        try (Response r = Admin.demo().users().create(user)) {
            id = Admin.createdId(r);
        }
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType("password");
        credential.setValue(password);
        credential.setTemporary(false);
        Admin.demo().users().get(id).resetPassword(credential);
        if (requiredActions.length > 0) {
            UserRepresentation stored = Admin.demo().users().get(id).toRepresentation();
            stored.setRequiredActions(List.of(requiredActions));
            Admin.demo().users().get(id).update(stored);
        }
        return id;
    }
}
