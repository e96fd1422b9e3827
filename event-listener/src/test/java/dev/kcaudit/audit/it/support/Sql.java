package dev.kcaudit.audit.it.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Direct SQL on the database Keycloak runs on, for what no API can do: playing a node that died mid-job, or an
 * attacker editing rows. Only the PostgreSQL and MariaDB runs reach the database from outside Keycloak; on the
 * embedded H2 run such tests are skipped with a message.
 */
public final class Sql {

    private Sql() {
    }

    public static void assumeReachable() {
        assumeTrue("remote".equals(System.getProperty("kc.test.database")),
                "needs direct SQL access: runs on the PostgreSQL and MariaDB runs, not on embedded H2");
    }

    /** For what only PostgreSQL has (its plan cache's statistics, say): skipped with a message elsewhere. */
    public static void assumePostgres() {
        assumeReachable();
        assumeTrue(System.getProperty("kc.test.database.url", "").startsWith("jdbc:postgresql:"),
                "needs PostgreSQL: runs on the PostgreSQL run only");
    }

    /** Runs one statement with parameters; returns the update count. */
    public static int update(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs a query; each row as a list of column values. */
    public static java.util.List<java.util.List<Object>> query(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            java.util.List<java.util.List<Object>> rows = new java.util.ArrayList<>();
            try (java.sql.ResultSet rs = s.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    java.util.List<Object> row = new java.util.ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(System.getProperty("kc.test.database.url"),
                System.getProperty("kc.test.database.user"), System.getProperty("kc.test.database.password"));
    }
}
