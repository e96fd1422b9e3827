package dev.kcaudit.audit.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kcaudit.audit.it.support.GeoIpDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the real GeoLite2 City database (ip-location-db's .mmdb files) the build fetches from npm. */
class GeoIpTest {

    private static GeoIp geo;

    @BeforeAll
    static void open() {
        GeoIpDatabase.require();
        geo = GeoIp.open(GeoIpDatabase.OPTION);
    }

    @AfterAll
    static void close() {
        geo.close();
    }

    @Test
    void knownAddressesArePlaced() {
        assertThat(geo.lookup("81.2.69.142")).isEqualTo(new GeoIp.Place("GB", "England", "Bracknell", null, null));
        // IPv6 is asked of the IPv6 file only: the IPv4 file answers it with a wrong country (CN).
        assertThat(geo.lookup("2a00:1450:4001:81b::200e"))
                .isEqualTo(new GeoIp.Place("DE", "Hesse", "Frankfurt am Main", null, null));
        // Known to the country only: the empty fields stay absent.
        assertThat(geo.lookup("8.8.8.8")).isEqualTo(new GeoIp.Place("US", null, null, null, null));
    }

    @Test
    void privateAddressesAndNonAddressesHaveNoPlace() {
        assertThat(geo.lookup("10.0.0.1").isEmpty()).isTrue();
        assertThat(geo.lookup("127.0.0.1").isEmpty()).isTrue();
        assertThat(geo.lookup("localhost").isEmpty()).isTrue();
        assertThat(geo.lookup(null).isEmpty()).isTrue();
        assertThat(GeoIp.none().lookup("81.2.69.142").isEmpty()).isTrue();
    }

    @Test
    void maxMindsOwnLayoutAndAsnDatabasesAreRead() {
        Map<String, Object> city = Map.of(
                "country", Map.of("iso_code", "de", "names", Map.of("en", "Germany")),
                "subdivisions", List.of(Map.of("iso_code", "BY", "names", Map.of("en", "Bavaria"))),
                "city", Map.of("names", Map.of("en", "Munich", "de", "München")));
        assertThat(GeoIp.place(city)).isEqualTo(new GeoIp.Place("DE", "Bavaria", "Munich", null, null));
        GeoIp.Place asn = GeoIp.place(Map.of("autonomous_system_number", 3320L,
                "autonomous_system_organization", "Deutsche Telekom AG"));
        assertThat(asn).isEqualTo(new GeoIp.Place(null, null, null, 3320L, "Deutsche Telekom AG"));
        assertThat(GeoIp.place(city).orElse(asn))
                .isEqualTo(new GeoIp.Place("DE", "Bavaria", "Munich", 3320L, "Deutsche Telekom AG"));
    }

    @Test
    void aFileThatCannotBeOpenedFailsTheStartNamingTheOption() {
        assertThatThrownBy(() -> GeoIp.open("/nonexistent/city.mmdb"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nonexistent/city.mmdb").hasMessageContaining("geoip-databases");
    }
}
