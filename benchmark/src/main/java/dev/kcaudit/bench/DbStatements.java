package dev.kcaudit.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statements PostgreSQL ran for the benchmark's database over a window, from {@code pg_stat_statements}: which
 * statements a configuration adds to a request, how often and at what execution time. Optional: PostgreSQL has it
 * only with {@code shared_preload_libraries = 'pg_stat_statements'}; without it the benchmark says so and goes on.
 */
final class DbStatements implements AutoCloseable {

    private final Connection db;

    private DbStatements(Connection db) {
        this.db = db;
    }

    /** Null (after one line saying why) when the extension cannot be used here. */
    static DbStatements open(String jdbc) {
        try {
            Connection db = DriverManager.getConnection(jdbc);
            try (Statement s = db.createStatement()) {
                s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                s.executeQuery("SELECT count(*) FROM pg_stat_statements").close();
            } catch (SQLException e) {
                db.close();
                throw e;
            }
            return new DbStatements(db);
        } catch (SQLException e) {
            System.out.println("  (no statements per request: pg_stat_statements is not loaded — " + e.getMessage()
                    .lines().findFirst().orElse("") + ")");
            return null;
        }
    }

    void reset() throws SQLException {
        try (Statement s = db.createStatement()) {
            s.executeQuery("SELECT pg_stat_statements_reset()").close();
        }
    }

    /** Statements of this database since the last reset, most execution time first, per request. */
    List<Map<String, Object>> perRequest(long requests) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT s.query, s.calls, s.total_exec_time FROM pg_stat_statements s"
                     + " JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database()"
                     + " AND s.query NOT LIKE '%pg_stat_statements%' ORDER BY s.total_exec_time DESC")) {
            while (r.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("statement", r.getString(1).replaceAll("\\s+", " "));
                row.put("callsPerRequest", Math.round(r.getLong(2) * 1000.0 / requests) / 1000.0);
                row.put("execMsPerRequest", Math.round(r.getDouble(3) * 1000.0 / requests) / 1000.0);
                rows.add(row);
            }
        }
        return rows;
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
