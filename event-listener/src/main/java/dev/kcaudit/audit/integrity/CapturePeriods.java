package dev.kcaudit.audit.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.store.SealStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.util.JsonSerialization;

/**
 * The periods during which a realm captured less than everything: the listener removed (from
 * {@code audit.capture.disabled} to {@code audit.capture.enabled}) or a category turned off (from
 * {@code audit.capture.category.removed} to {@code …added}). Verify lists them, since no chain can show what was
 * never written.
 */
final class CapturePeriods {

    private CapturePeriods() {
    }

    static List<Map<String, Object>> of(SealStore seals, String realmId, long from, long to) {
        List<Object[]> records = new ArrayList<>();
        for (AuditAction action : List.of(AuditAction.AUDIT_CAPTURE_DISABLED, AuditAction.AUDIT_CAPTURE_ENABLED,
                AuditAction.AUDIT_CAPTURE_CATEGORY_REMOVED, AuditAction.AUDIT_CAPTURE_CATEGORY_ADDED)) {
            for (SealStore.EntryRecord r : seals.records(realmId, action.id())) {
                records.add(new Object[] {action, r.time(), read(r.detailsJson())});
            }
        }
        records.sort(Comparator.comparingLong(r -> (Long) r[1]));
        List<Map<String, Object>> periods = new ArrayList<>();
        Map<String, Map<String, Object>> open = new HashMap<>();
        for (Object[] r : records) {
            AuditAction action = (AuditAction) r[0];
            long time = (Long) r[1];
            JsonNode details = (JsonNode) r[2];
            switch (action) {
                case AUDIT_CAPTURE_DISABLED -> open.computeIfAbsent("*", k -> period(periods, time, null, details));
                case AUDIT_CAPTURE_ENABLED -> close(open, "*", time);
                case AUDIT_CAPTURE_CATEGORY_REMOVED -> details.path("categories").forEach(c ->
                        open.computeIfAbsent(c.asText(), k -> period(periods, time, k, details)));
                default -> details.path("categories").forEach(c -> close(open, c.asText(), time));
            }
        }
        return periods.stream().filter(p -> (Long) p.get("from") <= to
                && (p.get("to") == null || (Long) p.get("to") >= from)).toList();
    }

    private static Map<String, Object> period(List<Map<String, Object>> periods, long time, String category,
                                              JsonNode details) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("from", time);
        p.put("to", null);
        p.put("what", category == null ? "all" : category);
        if (details.hasNonNull("detectedBy")) {
            p.put("detectedBy", details.path("detectedBy").asText());
        }
        periods.add(p);
        return p;
    }

    private static void close(Map<String, Map<String, Object>> open, String key, long time) {
        Map<String, Object> p = open.remove(key);
        if (p != null) {
            p.put("to", time);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JsonSerialization.mapper.readTree(json == null ? "{}" : json);
        } catch (IOException e) {
            return JsonSerialization.mapper.createObjectNode();
        }
    }
}
