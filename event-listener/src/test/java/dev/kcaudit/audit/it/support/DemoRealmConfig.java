package dev.kcaudit.audit.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.util.JsonSerialization;

/**
 * The demo realm exactly as {@code realm-config/demo-realm.json} defines it. {@code ${VAR:default}} placeholders
 * take their defaults, as {@code kc.sh --import-realm} does when the variables are unset.
 */
public class DemoRealmConfig implements RealmConfig {

    public static final String REALM = "demo";
    public static final String PASSWORD = "demo";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[A-Z0-9_]+:([^}]*)}");

    @Override
    public RealmBuilder configure(RealmBuilder ignored) {
        return RealmBuilder.update(KeycloakVersion.adapt(read()));
    }

    public static RealmRepresentation read() {
        try (InputStream in = DemoRealmConfig.class.getResourceAsStream("/realm-config/demo-realm.json")) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = PLACEHOLDER.matcher(json);
            return JsonSerialization.readValue(m.replaceAll(r -> Matcher.quoteReplacement(r.group(1))),
                    RealmRepresentation.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
