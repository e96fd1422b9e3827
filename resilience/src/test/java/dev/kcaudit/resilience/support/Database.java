package dev.kcaudit.resilience.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The database one run of the suite uses: PostgreSQL or MariaDB ({@code -Dresilience.db}), on the local server
 * ({@code -Dresilience.db.host}). Each test class starts on a fresh database {@value #NAME}; other databases on the
 * server are never touched.
 */
public final class Database {

    public static final String NAME = "audit_resilience";
    /** MariaDB: Keycloak logs in as this user (granted on {@value #NAME} only), the tests as root. */
    private static final String MARIADB_USER = "audit_resilience";

    private final String vendor;
    private final String host;
    private final int port;

    private Database(String vendor, String host, int port) {
        this.vendor = vendor;
        this.host = host;
        this.port = port;
    }

    /**
     * The run's database; skips the test (a JUnit assumption, with the reason) when its server is not reachable, or
     * fails it when {@code RESILIENCE_REQUIRE_DATABASES=true} (as CI sets).
     */
    public static Database current() {
        String vendor = System.getProperty("resilience.db", "postgres");
        String[] hostPort = System.getProperty("resilience.db.host",
                vendor.equals("postgres") ? "127.0.0.1:5432" : "127.0.0.1:3306").split(":");
        Database db = new Database(vendor, hostPort[0], Integer.parseInt(hostPort[1]));
        if (!db.reachable() && "true".equals(System.getenv("RESILIENCE_REQUIRE_DATABASES"))) {
            // CI: a suite that skipped itself would pass without testing anything.
            throw new IllegalStateException(String.format("%s is not reachable at %s:%d and RESILIENCE_REQUIRE_DATABASES"
                    + " is set", vendor, db.host, db.port));
        }
        assumeTrue(db.reachable(), () -> String.format("%s is not reachable at %s:%d: the resilience suite on %s is "
                + "SKIPPED (start it to run the suite on it)", vendor, db.host, db.port, vendor));
        return db;
    }

    public String vendor() {
        return vendor;
    }

    public boolean isPostgres() {
        return vendor.equals("postgres");
    }

    /** Drops and creates {@value #NAME}. */
    public void recreate() {
        try (Connection c = DriverManager.getConnection(serverUrl(), adminUser(), adminPassword());
             Statement s = c.createStatement()) {
            if (isPostgres()) {
                s.execute("DROP DATABASE IF EXISTS " + NAME + " WITH (FORCE)");
                s.execute("CREATE DATABASE " + NAME);
            } else {
                s.execute("DROP DATABASE IF EXISTS " + NAME);
                s.execute("CREATE DATABASE " + NAME + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
                for (String h : new String[] {"%", "localhost", "127.0.0.1"}) {
                    s.execute("CREATE USER IF NOT EXISTS '" + MARIADB_USER + "'@'" + h + "' IDENTIFIED BY '"
                            + MARIADB_USER + "'");
                    s.execute("GRANT ALL PRIVILEGES ON " + NAME + ".* TO '" + MARIADB_USER + "'@'" + h + "'");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the " + vendor + " database " + NAME, e);
        }
    }

    /** Keycloak's database options (the vendor itself is a build option, see {@link Distribution}). */
    public List<String> keycloakOptions() {
        return List.of("--db-url=" + url(), "--db-username=" + keycloakUser(), "--db-password=" + keycloakPassword());
    }

    public String url() {
        return "jdbc:" + (isPostgres() ? "postgresql" : "mariadb") + "://" + host + ":" + port + "/" + NAME;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), adminUser(), adminPassword());
    }

    /** One statement (DDL or DML) on {@value #NAME}; returns the update count. */
    public int update(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** A query on {@value #NAME}; each row as a list of its column values. */
    public List<List<Object>> query(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
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

    /** The single number a query such as {@code SELECT COUNT(*) …} returns. */
    public long number(String sql, Object... params) {
        return ((Number) query(sql, params).get(0).get(0)).longValue();
    }

    private static void bind(PreparedStatement s, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
    }

    private boolean reachable() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private String serverUrl() {
        return isPostgres() ? "jdbc:postgresql://" + host + ":" + port + "/postgres"
                : "jdbc:mariadb://" + host + ":" + port + "/";
    }

    private String adminUser() {
        return isPostgres() ? "postgres" : "root";
    }

    private String adminPassword() {
        return isPostgres() ? "postgres" : "";
    }

    private String keycloakUser() {
        return isPostgres() ? "postgres" : MARIADB_USER;
    }

    private String keycloakPassword() {
        return isPostgres() ? "postgres" : MARIADB_USER;
    }

    @Override
    public String toString() {
        return vendor + " " + host + ":" + port + "/" + NAME;
    }
}
