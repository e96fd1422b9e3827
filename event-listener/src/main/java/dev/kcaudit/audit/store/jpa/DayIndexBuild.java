package dev.kcaudit.audit.store.jpa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProviderFactory;

/**
 * Builds free text's day-keyed index on PostgreSQL when the changeset left it to the server: an existing log larger
 * than the changeset builds at start ({@code 2026-12-15-text-by-day.xml}), or a build of ours that was interrupted.
 *
 * <p>Inside the changeset the build held Keycloak's start, and every write to the entries, for about ten minutes at
 * 10 M entries (docs/query.md). Here it runs {@code CONCURRENTLY}: capture and reads go on, free text walks (helped by
 * the trigram index it replaces, kept until then) until the new index is valid ({@link TextByDay#indexed}). A concurrent
 * build cannot run in a transaction, so it takes a connection of Keycloak's pool outside one; an advisory lock keeps two
 * nodes from building at once. A build that fails leaves an invalid index, which the next look drops and builds again.
 * The server looks at start, and until the index is built: an index dropped by hand later is left alone (the benchmark
 * drops and rebuilds every index around its bulk loads).
 */
final class DayIndexBuild {

    private static final Logger LOG = Logger.getLogger(DayIndexBuild.class);
    /** The advisory lock's key: any constant no other code of this database uses ("kcaudit" and a 1). */
    private static final long LOCK = 0x6b63617564697431L;
    private static final String INDEX = "idx_audit_entry_text_day";
    /** The trigram index over the whole log that the day-keyed index replaces. */
    private static final String REPLACED = "idx_audit_entry_search";
    /** The longest wait between two tries of a build that keeps failing. */
    private static final long MAX_RETRY_MS = TimeUnit.HOURS.toMillis(1);

    /** What a look found: nothing (more) to do, another node building, or a failure. */
    private enum Outcome { DONE, WAIT, FAILED }

    private final JpaConnectionProviderFactory connections;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "audit-log-text-index");
        t.setDaemon(true);
        return t;
    });

    DayIndexBuild(JpaConnectionProviderFactory connections) {
        this.connections = connections;
    }

    /**
     * Looks once the database is migrated, and again every {@code intervalMs} until there is nothing left to do: the
     * index valid and the replaced one gone, or nothing to build here. A build that failed is tried again after a wait
     * that doubles with each failure ({@link #retryDelay}); one interrupted by a node's stop leaves an invalid index,
     * which the next start finds.
     */
    void start(long intervalMs) {
        next(0, intervalMs, 0);
    }

    /** One look after {@code delayMs}, the next scheduled from its outcome; {@code failures}: failed looks in a row. */
    private void next(long delayMs, long intervalMs, int failures) {
        timer.schedule(() -> {
            Outcome outcome = look();
            if (outcome == Outcome.DONE) {
                timer.shutdown();
            } else if (!timer.isShutdown()) {  // not stopped meanwhile
                int failed = outcome == Outcome.FAILED ? failures + 1 : 0;
                next(retryDelay(failed, intervalMs), intervalMs, failed);
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    /**
     * The wait before the next look: the interval, doubled for each failure in a row after the first, at most an hour
     * (or the interval, if longer). A build that fails late (a full disk, say) has scanned the whole log first; trying
     * again every interval would keep the database doing that.
     */
    static long retryDelay(int failures, long intervalMs) {
        long wait = intervalMs;
        for (int i = 1; i < failures && wait < MAX_RETRY_MS; i++) {
            wait *= 2;
        }
        return Math.max(intervalMs, Math.min(wait, MAX_RETRY_MS));
    }

    void stop() {
        timer.shutdownNow();
    }

    /** Builds what is missing if this node may, on a connection of its own outside any transaction. */
    private Outcome look() {
        try (Connection c = connections.getConnection()) {
            if (!"PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
                return Outcome.DONE;  // only PostgreSQL has the index
            }
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            try {
                return buildIfWanted(c);
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("The free-text index could not be built now; trying again later: %s", e.getMessage());
            return Outcome.FAILED;
        }
    }

    private Outcome buildIfWanted(Connection c) throws SQLException {
        String schema = connections.getSchema();
        Boolean valid = valid(c, schema);
        if (Boolean.TRUE.equals(valid) && !exists(c, schema, REPLACED)) {
            return Outcome.DONE;  // the common case: the changeset built it
        }
        if (!keysFunctionExists(c, schema)) {
            return Outcome.DONE;  // no pg_trgm when the changeset ran: free text walks
        }
        if (!lock(c)) {
            return Outcome.WAIT;  // another node builds: look again later
        }
        try (Statement s = c.createStatement()) {
            String prefix = schema == null ? "" : quote(schema) + ".";
            valid = valid(c, schema);  // again, under the lock
            if (Boolean.FALSE.equals(valid)) {
                LOG.infof("Dropping an interrupted build of the free-text index %s", INDEX);
                s.execute("DROP INDEX CONCURRENTLY IF EXISTS " + prefix + INDEX);
            }
            if (!Boolean.TRUE.equals(valid)) {
                LOG.infof("Building the free-text index %s concurrently; free text walks the entries until it is done",
                        INDEX);
                long started = System.nanoTime();
                s.execute("CREATE INDEX CONCURRENTLY " + INDEX + " ON " + prefix + "AUDIT_ENTRY USING GIN ("
                        + prefix + "AUDIT_TEXT_KEYS(EVENT_TIME, SEARCH_TEXT))");
                LOG.infof("Built the free-text index %s in %d s", INDEX,
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
            }
            s.execute("DROP INDEX CONCURRENTLY IF EXISTS " + prefix + REPLACED);
            return Outcome.DONE;
        } finally {
            first(c, "SELECT pg_advisory_unlock(?)", LOCK);
        }
    }

    /**
     * The index's state in the schema that {@code schema} (an SQL expression) names: true when reads can use it, false
     * while it is built or after a build failed, no row when there is none. {@link TextByDay#indexed} asks it too.
     */
    static String state(String schema) {
        return "SELECT i.indisvalid AND i.indisready FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid"
                + " JOIN pg_namespace n ON n.oid = x.relnamespace WHERE x.relname = '" + INDEX + "'"
                + " AND n.nspname = " + schema;
    }

    /** Whether the index is valid, or null when there is none. */
    private static Boolean valid(Connection c, String schema) throws SQLException {
        return (Boolean) first(c, state("coalesce(?, current_schema())"), schema);
    }

    private static boolean exists(Connection c, String schema, String index) throws SQLException {
        return first(c, "SELECT 1 FROM pg_indexes WHERE indexname = ? AND schemaname = coalesce(?, current_schema())",
                index, schema) != null;
    }

    private static boolean keysFunctionExists(Connection c, String schema) throws SQLException {
        return Boolean.TRUE.equals(first(c, "SELECT to_regprocedure(coalesce(? || '.', '')"
                + " || 'audit_text_keys(bigint, text)') IS NOT NULL", schema == null ? null : quote(schema)));
    }

    /** The session's advisory lock: released by {@code pg_advisory_unlock}, or when the connection ends. */
    private static boolean lock(Connection c) throws SQLException {
        return Boolean.TRUE.equals(first(c, "SELECT pg_try_advisory_lock(?)", LOCK));
    }

    /** The first column of the query's first row, or null when it has none. A null parameter is a null text. */
    private static Object first(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] == null) {
                    q.setNull(i + 1, Types.VARCHAR);
                } else {
                    q.setObject(i + 1, params[i]);
                }
            }
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
