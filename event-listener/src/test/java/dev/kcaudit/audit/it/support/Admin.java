package dev.kcaudit.audit.it.support;

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

    public static RealmResource demo() {
        return master().realm(DemoRealmConfig.REALM);
    }
}
