package dev.kcaudit.audit.it.support;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For the PostgreSQL and MariaDB runs: skips the suite with one clear line when the database server is not
 * reachable (fails it instead where AUDIT_REQUIRE_DATABASES=true, as in CI), and otherwise gives the run a fresh
 * database before Keycloak starts on it.
 */
public class RemoteDatabase implements ExecutionCondition {

    private static Boolean available;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!"remote".equals(System.getProperty("kc.test.database"))) {
            return ConditionEvaluationResult.enabled("embedded H2");
        }
        synchronized (RemoteDatabase.class) {
            if (available == null) {
                available = prepare();
            }
        }
        return available ? ConditionEvaluationResult.enabled("database ready")
                : ConditionEvaluationResult.disabled(vendor() + " not reachable at " + hostPort());
    }

    private static boolean prepare() {
        String vendor = vendor();
        URI uri = URI.create(System.getProperty("kc.test.database.url").substring("jdbc:".length()));
        if (!reachable(uri.getHost(), uri.getPort())) {
            if (required()) {
                throw new IllegalStateException(vendor + " is not reachable at " + uri.getHost() + ":" + uri.getPort()
                        + " and AUDIT_REQUIRE_DATABASES=true: the " + vendor + " integration run must not be skipped");
            }
            System.out.printf("%n[audit-it] %s is not reachable at %s:%d: the %s integration run is SKIPPED "
                    + "(start it to run the suite on it).%n%n", vendor, uri.getHost(), uri.getPort(), vendor);
            return false;
        }
        String database = uri.getPath().substring(1);
        try {
            if (vendor.equals("postgres")) {
                resetPostgres(uri, database);
            } else {
                resetMariaDb(uri, database);
            }
            System.out.printf("[audit-it] Running on %s, fresh database %s at %s:%d%n", vendor, database,
                    uri.getHost(), uri.getPort());
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the " + vendor + " test database: " + e.getMessage(), e);
        }
    }

    private static void resetPostgres(URI uri, String database) throws SQLException {
        String admin = "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + "/postgres";
        try (Connection c = DriverManager.getConnection(admin, System.getProperty("kc.test.database.user"),
                System.getProperty("kc.test.database.password")); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + database);
        }
    }

    private static void resetMariaDb(URI uri, String database) throws SQLException {
        String admin = "jdbc:mariadb://" + uri.getHost() + ":" + uri.getPort() + "/";
        String user = System.getProperty("kc.test.database.user");
        String password = System.getProperty("kc.test.database.password");
        try (Connection c = DriverManager.getConnection(admin, System.getProperty("audit.it.mariadb.admin", "root"),
                System.getProperty("audit.it.mariadb.admin.password", "")); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database);
            s.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            for (String host : new String[] {"%", "localhost", "127.0.0.1"}) {
                s.execute("CREATE USER IF NOT EXISTS '" + user + "'@'" + host + "' IDENTIFIED BY '" + password + "'");
                s.execute("GRANT ALL PRIVILEGES ON " + database + ".* TO '" + user + "'@'" + host + "'");
            }
        }
    }

    /** CI sets AUDIT_REQUIRE_DATABASES=true: an absent database then fails the run instead of skipping it. */
    private static boolean required() {
        return "true".equals(System.getenv("AUDIT_REQUIRE_DATABASES"))
                || Boolean.getBoolean("audit.it.requireDatabases");
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static String vendor() {
        return System.getProperty("kc.test.database.vendor", "remote");
    }

    private static String hostPort() {
        URI uri = URI.create(System.getProperty("kc.test.database.url", "jdbc:none://?").substring(5));
        return uri.getHost() + ":" + uri.getPort();
    }
}
