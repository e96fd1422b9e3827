package dev.kcaudit.audit.it.support;

import org.keycloak.common.Profile;
import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * The one server every integration test shares: Keycloak 26.7.3 (or the version {@link KeycloakVersion} names) with
 * the native SCIM API where it exists, our classes, the
 * libraries the shipped jar shades (here unshaded) and the theme. {@code PackagedJarIT} checks the shipped jar.
 */
public class AuditServerConfig implements KeycloakServerConfig {

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        SealAuthority.start();
        if (KeycloakVersion.has(KeycloakVersion.Feature.NATIVE_SCIM)) {
            config.features(Profile.Feature.SCIM_API);
        }
        return config
                .dependencyCurrentProject()
                .dependency("org.dhatim", "fastexcel")
                .dependency("com.github.rzymek", "opczip")
                .dependency("org.apache.pdfbox", "pdfbox")
                .dependency("org.apache.pdfbox", "pdfbox-io")
                .dependency("org.apache.pdfbox", "fontbox")
                .dependency("org.apache.kafka", "kafka-clients")
                .dependency("com.maxmind.db", "maxmind-db")
                .dependency("dev.kcaudit", "keycloak-audit-log-admin-ui")
                // Background work at test speed: maintenance every 2 s, a job silent for 10 s counts as abandoned.
                .option("spi-audit-store--jpa--maintenance-interval-ms", "2000")
                .option("spi-audit-store--jpa--export-stale-after-ms", "10000")
                // Free text reads past two entries from the day-keyed index on PostgreSQL (FreeTextIT, docs/query.md).
                .option("spi-audit-store--jpa--text-walk-entries", "2")
                // Keycloak's brute-force protection refuses concurrent logins of one user by default, which made a
                // demo user's token request fail now and then ("user_temporarily_disabled" with no failure before
                // it); the lockout tests count failures, which this leaves as it is.
                .option("spi-brute-force-protector--default-brute-force-detector--allow-concurrent-requests", "true")
                // A feed limit FeedIT can reach quickly.
                .option("spi-admin-realm-restapi-extension--audit-log--feed-requests-per-minute", "240")
                // Many test classes read as the demo's auditor within a minute; CostLimitsIT sets a realm's own limit.
                .option("spi-admin-realm-restapi-extension--audit-log--read-requests-per-minute", "100000")

                // Seals signed with a key outside the database and time-stamped by a real RFC 3161 authority the test JVM
                // runs (SealAuthority); a heartbeat seal every 20 s so TamperIT can see a cut-off tail within a test.
                .option("spi-audit-store--jpa--seal-keystore", SealAuthority.KEYSTORE.toString())
                .option("spi-audit-store--jpa--seal-keystore-password", SealAuthority.PASSWORD)
                .option("spi-audit-store--jpa--seal-tsa-url", SealAuthority.url())
                .option("spi-audit-store--jpa--seal-tsa-certificate", SealAuthority.TSA_CERTIFICATE.toString())
                .option("spi-audit-store--jpa--seal-heartbeat-ms", "20000")
                // Log streams at test speed: receivers on plain http on localhost, retries within seconds, Failing
                // after 3 s of failures.
                .option("spi-audit-store--jpa--stream-allow-http", "true")
                .option("spi-audit-store--jpa--stream-interval-ms", "200")
                .option("spi-audit-store--jpa--stream-backoff-base-ms", "200")
                .option("spi-audit-store--jpa--stream-backoff-max-ms", "1500")
                .option("spi-audit-store--jpa--stream-failing-after-ms", "3000")
                .option("spi-audit-store--jpa--stream-timeout-ms", "3000")
                // Keycloak's metrics endpoint (:9000/metrics), where the streams' meters appear.
                .option("metrics-enabled", "true")

                // Places for entries from the GeoIP database the build fetched (src/test/geoip/fetch.sh), and the
                // client's address from X-Forwarded-For, so that OriginIT can log in from known public addresses.
                .option("spi-audit-store--jpa--geoip-databases", GeoIpDatabase.OPTION)
                .option("proxy-headers", "xforwarded")

                // Realm keystores where SecretCensusIT can write one (java-keystore key providers).
                .option("spi-keys--java-keystore--keystores-path", KeyProviders.KEYSTORES.toString());
    }
}
