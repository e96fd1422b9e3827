package dev.kcaudit.audit.it.support;

import org.keycloak.testframework.realm.ClientBuilder;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.realm.UserBuilder;

/** A realm of its own for tampering and purging, so the demo realm's log stays untouched for other tests. */
public class IntegrityRealmConfig implements RealmConfig {

    /** The realm's name; TamperRealmConfig reuses the set-up under another. */
    protected String name() {
        return REALM;
    }

    public static final String REALM = "integrity";

    @Override
    public RealmBuilder configure(RealmBuilder realm) {
        return realm.name(name())
                .eventsListeners("audit-log")
                .users(UserBuilder.create("ivan").password("ivan-pw").email("ivan@integrity.test")
                        .firstName("Ivan").lastName("Integrity").emailVerified(true))
                .clients(ClientBuilder.create("integrity-app").publicClient(true).directAccessGrantsEnabled(true));
    }
}
