package dev.kcaudit.audit.it.support;

import org.keycloak.common.Profile;
import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * The one server every integration test shares: Keycloak 26.7.3 with the native SCIM API, our classes, the
 * libraries the shipped jar shades (here unshaded) and the theme. {@code PackagedJarIT} checks the shipped jar.
 */
public class AuditServerConfig implements KeycloakServerConfig {

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        return config
                .dependencyCurrentProject()
                .dependency("org.dhatim", "fastexcel")
                .dependency("com.github.rzymek", "opczip")
                .dependency("org.apache.pdfbox", "pdfbox")
                .dependency("org.apache.pdfbox", "pdfbox-io")
                .dependency("org.apache.pdfbox", "fontbox")
                .dependency("dev.kcaudit", "keycloak-audit-log-admin-ui")
                .features(Profile.Feature.SCIM_API)
                // Background work at test speed: maintenance every 2 s, a job silent for 10 s counts as abandoned.
                .option("spi-audit-store--jpa--maintenance-interval-ms", "2000")
                .option("spi-audit-store--jpa--export-stale-after-ms", "10000")
                // Keycloak's brute-force protection refuses concurrent logins of one user by default, which made a
                // demo user's token request fail now and then ("user_temporarily_disabled" with no failure before
                // it); the lockout tests count failures, which this leaves as it is.
                .option("spi-brute-force-protector--default-brute-force-detector--allow-concurrent-requests", "true")
                // A feed limit FeedIT can reach quickly.
                .option("spi-admin-realm-restapi-extension--audit-log--feed-requests-per-minute", "240")
                // Many test classes read as the demo's auditor within a minute; CostLimitsIT sets a realm's own limit.
                .option("spi-admin-realm-restapi-extension--audit-log--read-requests-per-minute", "100000")

                // Realm keystores where SecretCensusIT can write one (java-keystore key providers).
                .option("spi-keys--java-keystore--keystores-path", KeyProviders.KEYSTORES.toString());
    }
}
