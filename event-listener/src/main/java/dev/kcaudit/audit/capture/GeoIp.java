package dev.kcaudit.audit.capture;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import dev.kcaudit.audit.model.IpKey;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Country, region, city and autonomous system of an IP address, from GeoIP databases in MaxMind's format
 * ({@code .mmdb}) read with MaxMind's reader: local files, memory-mapped, no network look-ups. Two layouts are read:
 * MaxMind's own (GeoIP2/GeoLite2 City, Country, ASN: {@code country.iso_code}, {@code subdivisions[0].names.en},
 * {@code city.names.en}) and the flat one of the ip-location-db packages ({@code country_code}, {@code state1},
 * {@code city}); ASN databases of both name {@code autonomous_system_number} and {@code autonomous_system_organization}.
 * Several files are read in order and the first value found for each field wins (a city file and an ASN file, or
 * ip-location-db's separate IPv4 and IPv6 files).
 */
final class GeoIp implements Closeable {

    private static final Logger LOG = Logger.getLogger(GeoIp.class);

    /** What the databases know of an address; any part may be null. */
    record Place(String country, String region, String city, Long asn, String asOrganization) {
        static final Place NONE = new Place(null, null, null, null, null);

        boolean isEmpty() {
            return equals(NONE);
        }

        /** Fields this place lacks, taken from the other. */
        Place orElse(Place other) {
            return new Place(first(country, other.country), first(region, other.region), first(city, other.city),
                    asn != null ? asn : other.asn, first(asOrganization, other.asOrganization));
        }
    }

    private final List<Reader> readers;

    private GeoIp(List<Reader> readers) {
        this.readers = readers;
    }

    /** No databases: every look-up finds nothing. */
    static GeoIp none() {
        return new GeoIp(List.of());
    }

    /**
     * Opens the comma-separated {@code .mmdb} files; a file that cannot be opened fails the server's start (a GeoIP
     * setting that silently did nothing would leave entries without places nobody notices are missing).
     */
    static GeoIp open(String files) {
        if (files == null || files.isBlank()) {
            return none();
        }
        List<Reader> readers = new ArrayList<>();
        for (String file : files.split(",")) {
            if (file.isBlank()) {
                continue;
            }
            try {
                Reader reader = new Reader(new File(file.strip()), new CHMCache());
                readers.add(reader);
                LOG.infof("GeoIP database %s (%s, IPv%d, built %s)", file.strip(), reader.getMetadata().databaseType(),
                        reader.getMetadata().ipVersion(), reader.getMetadata().buildTime());
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("Cannot open the GeoIP database " + file.strip()
                        + " (option spi-audit-store--jpa--geoip-databases): " + e.getMessage(), e);
            }
        }
        return new GeoIp(List.copyOf(readers));
    }

    boolean configured() {
        return !readers.isEmpty();
    }

    /** The place of an IP literal; {@link Place#NONE} for other strings, private addresses and failed reads. */
    Place lookup(String ipAddress) {
        if (readers.isEmpty()) {
            return Place.NONE;
        }
        InetAddress address = IpKey.address(ipAddress);
        if (address == null) {
            return Place.NONE;
        }
        Place place = Place.NONE;
        for (Reader reader : readers) {
            // An IPv4-only file answers IPv6 questions with whatever its tree holds there: ask only what it covers.
            if (address instanceof Inet6Address && reader.getMetadata().ipVersion() == 4) {
                continue;
            }
            try {
                Map<?, ?> record = reader.get(address, Map.class);
                if (record != null) {
                    place = place.orElse(place(record));
                }
            } catch (IOException | RuntimeException | InternalError e) {
                // A damaged file must not fail a login: the entry is written without a place.
                LOG.debugf(e, "GeoIP look-up of %s failed", ipAddress);
            }
        }
        return place;
    }

    /** One database record, in either layout. */
    static Place place(Map<?, ?> record) {
        String country = first(text(record.get("country_code")), text(path(record, "country", "iso_code")),
                text(path(record, "registered_country", "iso_code")));
        Object subdivisions = record.get("subdivisions");
        String region = first(text(record.get("state1")), subdivisions instanceof List<?> list && !list.isEmpty()
                ? text(path(list.get(0), "names", "en")) : null);
        Object city = record.get("city");
        String cityName = city instanceof Map<?, ?> ? text(path(city, "names", "en")) : text(city);
        Object asn = record.get("autonomous_system_number");
        return new Place(country == null ? null : country.toUpperCase(Locale.ROOT), region, cityName,
                asn instanceof Number n ? n.longValue() : null, text(record.get("autonomous_system_organization")));
    }

    private static Object path(Object node, String... keys) {
        for (String key : keys) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }

    /** Non-blank text, or null (ip-location-db writes "" for unknown fields). */
    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s.strip() : null;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    @Override
    public void close() {
        for (Reader reader : readers) {
            try {
                reader.close();
            } catch (IOException e) {
                LOG.debug("Closing a GeoIP database failed", e);
            }
        }
    }
}
