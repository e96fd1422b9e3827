package dev.kcaudit.audit.it.support;

import org.keycloak.testframework.realm.ClientBuilder;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.realm.UserBuilder;

/** A realm that has NOT enabled the audit-log listener: nothing of it may be captured. */
public class PlainRealmConfig implements RealmConfig {

    public static final String REALM = "plain";

    @Override
    public RealmBuilder configure(RealmBuilder realm) {
        return realm.name(REALM)
                .eventsListeners("jboss-logging")
                .users(UserBuilder.create("paula").password("paula-pw").email("paula@plain.test")
                        .firstName("Paula").lastName("Plain").emailVerified(true))
                .clients(ClientBuilder.create("plain-app").publicClient(true).directAccessGrantsEnabled(true));
    }
}
