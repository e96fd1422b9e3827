package dev.kcaudit.audit.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;

/** The bootstrap admin (admin/admin in master) acting through the admin REST API, as a person would. */
public final class Admin {

    private static Keycloak master;

    private Admin() {
    }

    public static synchronized Keycloak master() {
        if (master == null) {
            master = Keycloak.getInstance("http://localhost:8080", "master", "admin", "admin", "admin-cli");
        }
        return master;
    }

    /** The id at the end of a 201's Location header. */
    public static String createdId(Response created) {
        assertThat(created.getStatus()).isEqualTo(201);
        String path = created.getLocation().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public static RealmResource demo() {
        return master().realm(DemoRealmConfig.REALM);
    }
}
