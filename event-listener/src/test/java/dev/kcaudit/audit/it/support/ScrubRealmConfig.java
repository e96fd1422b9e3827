package dev.kcaudit.audit.it.support;

import org.keycloak.testframework.realm.ClientBuilder;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.realm.UserBuilder;

/** A realm of its own for the scrub of stored secrets, whose log ScrubIT plants into and then tampers with. */
public class ScrubRealmConfig implements RealmConfig {

    public static final String REALM = "scrub";

    @Override
    public RealmBuilder configure(RealmBuilder realm) {
        return realm.name(REALM)
                .eventsListeners("audit-log")
                .users(UserBuilder.create("sam").password("sam-pw").email("sam@scrub.test")
                        .firstName("Sam").lastName("Scrub").emailVerified(true))
                .clients(ClientBuilder.create("scrub-app").publicClient(true).directAccessGrantsEnabled(true));
    }
}
