package dev.kcaudit.audit.it.support;

import org.keycloak.common.Profile;
import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/** The one server every integration test shares: Keycloak 26.7.3 with our jars and the native SCIM API. */
public class AuditServerConfig implements KeycloakServerConfig {

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        return config
                .dependencyCurrentProject()
                .dependency("dev.kcaudit", "keycloak-audit-log-admin-ui")
                .features(Profile.Feature.SCIM_API);
    }
}
