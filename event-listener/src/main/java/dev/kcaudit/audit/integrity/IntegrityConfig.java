package dev.kcaudit.audit.integrity;

import dev.kcaudit.audit.config.StoreOption;
import java.nio.file.Path;
import org.keycloak.Config;

/**
 * Integrity settings, from the store provider's config ({@code --spi-audit-store--jpa--…}, docs/integrity.md):
 * the seal keystore (a key outside Keycloak's database), the RFC 3161 time-stamp authority, and how often a realm
 * with nothing new is sealed anyway (the heartbeat that makes a cut-off tail visible).
 */
public record IntegrityConfig(Path keystore, char[] keystorePassword, String keyAlias, String keystoreType,
                              String tsaUrl, Path tsaCertificate, int tsaTimeoutMs, long heartbeatMs,
                              long maintenanceIntervalMs) {

    private static volatile IntegrityConfig current = defaults(StoreOption.MAINTENANCE_INTERVAL_MS.longDefault());

    public static IntegrityConfig current() {
        return current;
    }

    public static void configure(Config.Scope config, long maintenanceIntervalMs) {
        String keystore = StoreOption.SEAL_KEYSTORE.get(config);
        String tsaCert = StoreOption.SEAL_TSA_CERTIFICATE.get(config);
        current = new IntegrityConfig(
                blank(keystore) ? null : Path.of(keystore),
                StoreOption.SEAL_KEYSTORE_PASSWORD.get(config).toCharArray(),
                StoreOption.SEAL_KEY_ALIAS.get(config),
                StoreOption.SEAL_KEYSTORE_TYPE.get(config),
                StoreOption.SEAL_TSA_URL.get(config),
                blank(tsaCert) ? null : Path.of(tsaCert),
                StoreOption.SEAL_TSA_TIMEOUT_MS.getInt(config),
                StoreOption.SEAL_HEARTBEAT_MS.getLong(config),
                maintenanceIntervalMs);
    }

    /** For unit tests: settings without Keycloak's config. */
    static void use(IntegrityConfig config) {
        current = config;
    }

    static IntegrityConfig defaults(long maintenanceIntervalMs) {
        return new IntegrityConfig(null, new char[0], null, StoreOption.SEAL_KEYSTORE_TYPE.defaultValue(), null, null,
                (int) StoreOption.SEAL_TSA_TIMEOUT_MS.longDefault(), StoreOption.SEAL_HEARTBEAT_MS.longDefault(),
                maintenanceIntervalMs);
    }

    /**
     * How old the newest seal may be before verify calls the tail cut off: a heartbeat plus three maintenance rounds
     * (a round that was busy, a node that was slow to take over).
     */
    public long staleAfterMs() {
        return heartbeatMs + 3 * maintenanceIntervalMs;
    }

    public boolean timeStamping() {
        return !blank(tsaUrl);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
