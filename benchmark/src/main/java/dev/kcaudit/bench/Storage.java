package dev.kcaudit.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an entry costs on disk, ours against Keycloak's store, side by side: each side's per-entry tables with their
 * indexes and TOAST ({@code pg_total_relation_size}), over the rows they hold. Ours: the entry, its chain row and its
 * organization tags; Keycloak's: its user and admin events, which the generator fills with one event per entry.
 */
final class Storage {

    private static final List<String> OURS = List.of("audit_entry", "audit_entry_chain", "audit_entry_org");
    private static final List<String> KEYCLOAK = List.of("event_entity", "admin_event_entity");

    private Storage() {
    }

    static Map<String, Object> measure(String jdbc) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbc); Statement s = db.createStatement()) {
            Map<String, Object> ours = side(s, OURS, "audit_entry");
            Map<String, Object> keycloak = side(s, KEYCLOAK, null);
            double ratio = perEntry(ours) / perEntry(keycloak);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("ours", ours);
            r.put("keycloak", keycloak);
            r.put("ratio", Math.round(ratio * 100) / 100.0);
            System.out.printf("%n  storage (tables, indexes, TOAST)   ours | Keycloak, ratio%n");
            System.out.printf("  %-34s %,d | %,d, %.2f%n", "bytes per entry", Math.round(perEntry(ours)),
                    Math.round(perEntry(keycloak)), ratio);
            System.out.printf("  %-34s %,d | %,d%n", "of which indexes", (long) ours.get("indexBytes")
                    / Math.max(1, (long) ours.get("rows")), (long) keycloak.get("indexBytes")
                    / Math.max(1, (long) keycloak.get("rows")));
            System.out.printf("  %-34s %,d | %,d MB (%,d | %,d rows)%n", "total", (long) ours.get("bytes") >> 20,
                    (long) keycloak.get("bytes") >> 20, ours.get("rows"), keycloak.get("rows"));
            return r;
        }
    }

    /** The side's bytes (all of its tables) and rows ({@code entries}' table alone, or all of them when null). */
    private static Map<String, Object> side(Statement s, List<String> tables, String entries) throws SQLException {
        long bytes = 0;
        long indexBytes = 0;
        long rows = 0;
        Map<String, Object> perTable = new LinkedHashMap<>();
        for (String table : tables) {
            try (ResultSet rs = s.executeQuery("SELECT pg_total_relation_size('" + table + "'),"
                    + " pg_indexes_size('" + table + "'), (SELECT count(*) FROM " + table + ")")) {
                rs.next();
                bytes += rs.getLong(1);
                indexBytes += rs.getLong(2);
                if (entries == null || entries.equals(table)) {
                    rows += rs.getLong(3);
                }
                perTable.put(table, Map.of("bytes", rs.getLong(1), "indexBytes", rs.getLong(2), "rows", rs.getLong(3)));
            }
        }
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("bytes", bytes);
        side.put("indexBytes", indexBytes);
        side.put("rows", rows);
        side.put("tables", perTable);
        return side;
    }

    private static double perEntry(Map<String, Object> side) {
        return (long) side.get("bytes") / (double) Math.max(1, (long) side.get("rows"));
    }
}
