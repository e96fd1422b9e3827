package dev.kcaudit.audit.it.support;

import org.keycloak.testframework.realm.ClientBuilder;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.realm.UserBuilder;

/** A second realm acting as an external OpenID Connect identity provider for the demo realm. */
public class PartnerRealmConfig implements RealmConfig {

    public static final String REALM = "partner";
    public static final String CLIENT = "demo-broker";
    public static final String SECRET = "demo-broker-secret";

    @Override
    public RealmBuilder configure(RealmBuilder realm) {
        return realm.name(REALM)
                .users(UserBuilder.create("pat").password("pat-pw").email("pat@partner.test")
                        .firstName("Pat").lastName("Partner").emailVerified(true))
                .clients(ClientBuilder.create(CLIENT).secret(SECRET)
                        .redirectUris("http://localhost:8080/realms/" + DemoRealmConfig.REALM + "/broker/*"));
    }
}
