package dev.kcaudit.audit.config;

import java.util.Arrays;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * Every option of the store provider ({@code --spi-audit-store--jpa--<name>}), declared once: the store reads its
 * settings through these, {@code getConfigMetadata} lists them for Keycloak's tooling, and a test holds the README's
 * option table to them.
 */
public enum StoreOption {
    MAINTENANCE_INTERVAL_MS("maintenance-interval-ms", "60000",
            "How often each background task runs once per cluster: sealing, retention, export-job upkeep, scrub"),
    SEQUENCE_INTERVAL_MS("sequence-interval-ms", "1000",
            "How often each node numbers committed entries in commit order (the feed's and streams' latency)"),
    EXPORT_STALE_AFTER_MS("export-stale-after-ms", "300000",
            "An export job whose node has not reported for this long is taken over by another node"),
    EXPORT_THREADS("export-threads", "1", "Export jobs each node runs at once"),
    SEAL_KEYSTORE("seal-keystore", null,
            "PKCS#12 (or other) keystore file with the key that signs seals and purge statements; without it the"
                    + " realm's own RS256 key signs (docs/integrity.md)"),
    SEAL_KEYSTORE_PASSWORD("seal-keystore-password", "", "Password of the seal keystore and its key"),
    SEAL_KEY_ALIAS("seal-key-alias", null, "Alias of the signing key in the seal keystore (default: its only key)"),
    SEAL_KEYSTORE_TYPE("seal-keystore-type", "PKCS12", "Type of the seal keystore"),
    SEAL_TSA_URL("seal-tsa-url", null, "RFC 3161 time-stamp authority that stamps every seal (none: no stamps)"),
    SEAL_TSA_CERTIFICATE("seal-tsa-certificate", null,
            "PEM certificate of the time-stamp authority (or its issuer) that verify accepts stamps from"),
    SEAL_TSA_TIMEOUT_MS("seal-tsa-timeout-ms", "10000", "Time-stamp request timeout"),
    SEAL_HEARTBEAT_MS("seal-heartbeat-ms", "3600000",
            "A realm with nothing new is sealed anyway this often, so a cut-off tail shows in verify"),
    STREAM_SECRET_KEY("stream-secret-key", null,
            "Base64 AES key that encrypts stream secrets at rest (default: derived per realm from its keys)"),
    STREAM_ALLOW_HTTP("stream-allow-http", "false",
            "Allow plain transport to stream destinations: http webhook and Splunk HEC URLs, tcp syslog, Kafka PLAINTEXT"),
    STREAM_INTERVAL_MS("stream-interval-ms", "1000", "How often each node looks for entries to deliver"),
    STREAM_LEASE_MS("stream-lease-ms", "30000", "How long a node holds a stream it delivers before another may"),
    STREAM_BACKOFF_BASE_MS("stream-backoff-base-ms", "1000", "First retry delay after a failed delivery"),
    STREAM_BACKOFF_MAX_MS("stream-backoff-max-ms", "300000", "Longest retry delay (the delay doubles up to it)"),
    STREAM_FAILING_AFTER_MS("stream-failing-after-ms", "600000",
            "A stream failing for this long is reported as failing (status, metrics)"),
    STREAM_TIMEOUT_MS("stream-timeout-ms", "10000", "Connect and request timeout of a delivery"),
    STREAM_THREADS("stream-threads", "2", "Deliveries each node runs at once"),
    TEXT_WALK_ENTRIES("text-walk-entries", "10000",
            "Free text on PostgreSQL: entries read in page order before the day-keyed trigram index takes over"
                    + " (docs/query.md)"),
    GEOIP_DATABASES("geoip-databases", null,
            "Comma-separated GeoIP databases in MaxMind's format (.mmdb) that add country, region, city and ASN to"
                    + " entries at write time (none: no places)");

    private final String key;
    private final String defaultValue;
    private final String help;

    StoreOption(String key, String defaultValue, String help) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.help = help;
    }

    public String key() {
        return key;
    }

    /** The default, or null when unset means "off". */
    public String defaultValue() {
        return defaultValue;
    }

    public long longDefault() {
        return Long.parseLong(defaultValue);
    }

    public String get(Config.Scope config) {
        return config.get(key, defaultValue);
    }

    public long getLong(Config.Scope config) {
        return config.getLong(key, longDefault());
    }

    public int getInt(Config.Scope config) {
        return config.getInt(key, Integer.parseInt(defaultValue));
    }

    public boolean getBoolean(Config.Scope config) {
        return config.getBoolean(key, Boolean.parseBoolean(defaultValue));
    }

    /**
     * The store provider's settings ({@code audit-store}, provider {@code jpa}), for code that is not the store
     * provider's factory but reads them (the background work).
     */
    public static Config.Scope scope() {
        return Config.scope("audit-store", "jpa");
    }

    /** What {@code getConfigMetadata} declares. */
    public static List<ProviderConfigProperty> metadata() {
        return Arrays.stream(values()).map(o -> {
            ProviderConfigProperty p = new ProviderConfigProperty();
            p.setName(o.key);
            p.setType(o.type());
            p.setDefaultValue(o.defaultValue);
            p.setHelpText(o.help);
            p.setSecret(o == SEAL_KEYSTORE_PASSWORD || o == STREAM_SECRET_KEY);
            return p;
        }).toList();
    }

    private String type() {
        if (defaultValue == null || defaultValue.isEmpty() || this == SEAL_KEYSTORE_TYPE) {
            return ProviderConfigProperty.STRING_TYPE;
        }
        if (defaultValue.equals("true") || defaultValue.equals("false")) {
            return ProviderConfigProperty.BOOLEAN_TYPE;
        }
        return ProviderConfigProperty.INTEGER_TYPE;
    }
}
