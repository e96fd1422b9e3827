package dev.kcaudit.audit.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.kcaudit.audit.model.Category;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

/**
 * Per-realm audit settings, stored as JSON in the realm attribute {@value #REALM_ATTRIBUTE} so they travel with
 * realm export and import.
 *
 * @param categories         categories captured (ids); all by default
 * @param highVolumeEvents   capture token-endpoint chatter (refresh, code-to-token, introspection…)
 * @param includeDetails     keep the redacted representation and event details in {@code details}
 * @param storeIpAddress     keep the caller's IP address
 * @param redactedAttributes extra field names to strip everywhere (e.g. user attributes holding personal data)
 * @param retentionDays      how long entries are kept; 0 keeps them forever
 * @param exportMaxDays      the longest date range one export may cover
 * @param exportFileDays     how long finished export-job files are kept for download
 * @param legalHold          suspends purging entirely (a litigation or investigation hold)
 * @param exportStorageMaxBytes the most bytes the realm's finished export-job files may hold together; the oldest
 *                           files expire first to make room
 * @param readRequestsPerMinute direct exports, counts and facets one user may request per minute, through all of
 *                           their clients and on all nodes; 0 takes the server's default
 * @param signals            which security signals are raised, and their thresholds (docs/signals.md)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuditConfig(
        Set<String> categories,
        boolean highVolumeEvents,
        boolean includeDetails,
        boolean storeIpAddress,
        Set<String> redactedAttributes,
        int retentionDays,
        int exportMaxDays,
        int exportFileDays,
        boolean legalHold,
        long exportStorageMaxBytes,
        int readRequestsPerMinute,
        SignalSettings signals) {

    public static final String REALM_ATTRIBUTE = "audit-log.config";
    public static final int DEFAULT_EXPORT_MAX_DAYS = 92;
    public static final int DEFAULT_EXPORT_FILE_DAYS = 7;
    public static final long DEFAULT_EXPORT_STORAGE_MAX_BYTES = 1L << 30;
    private static final Logger LOG = Logger.getLogger(AuditConfig.class);
    /** Parsed settings by their stored JSON: every audited event reads them, parsing once per change is enough. */
    private static final Map<String, AuditConfig> PARSED = new ConcurrentHashMap<>();
    private static final int PARSED_MAX = 1_000;

    public AuditConfig {
        categories = categories == null ? allCategories() : Set.copyOf(categories);
        redactedAttributes = redactedAttributes == null ? Set.of() : Set.copyOf(redactedAttributes);
        exportMaxDays = exportMaxDays <= 0 ? DEFAULT_EXPORT_MAX_DAYS : exportMaxDays;
        exportFileDays = exportFileDays <= 0 ? DEFAULT_EXPORT_FILE_DAYS : exportFileDays;
        exportStorageMaxBytes = exportStorageMaxBytes <= 0 ? DEFAULT_EXPORT_STORAGE_MAX_BYTES : exportStorageMaxBytes;
        readRequestsPerMinute = Math.max(0, readRequestsPerMinute);
        signals = signals == null ? SignalSettings.defaults() : signals;
    }

    public static AuditConfig defaults() {
        return new AuditConfig(allCategories(), false, true, true, Set.of(), 365, DEFAULT_EXPORT_MAX_DAYS,
                DEFAULT_EXPORT_FILE_DAYS, false, DEFAULT_EXPORT_STORAGE_MAX_BYTES, 0, SignalSettings.defaults());
    }

    /** The realm's settings; defaults when none are stored or the stored JSON cannot be read. */
    public static AuditConfig of(RealmModel realm) {
        String json = realm.getAttribute(REALM_ATTRIBUTE);
        if (json == null || json.isBlank()) {
            return defaults();
        }
        AuditConfig cached = PARSED.get(json);
        if (cached != null) {
            return cached;
        }
        try {
            AuditConfig parsed = JsonSerialization.readValue(json, AuditConfig.class);
            if (PARSED.size() >= PARSED_MAX) {
                PARSED.clear();
            }
            PARSED.put(json, parsed);
            return parsed;
        } catch (IOException e) {
            LOG.warnf("Realm %s has unreadable %s; using defaults", realm.getName(), REALM_ATTRIBUTE);
            return defaults();
        }
    }

    /** Stores the settings with the realm. */
    public void save(RealmModel realm) {
        try {
            realm.setAttribute(REALM_ATTRIBUTE, JsonSerialization.writeValueAsString(this));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean captures(Category category) {
        return categories.contains(category.id());
    }

    private static Set<String> allCategories() {
        return Arrays.stream(Category.values()).filter(Category::capturable).map(Category::id)
                .collect(Collectors.toUnmodifiableSet());
    }
}
