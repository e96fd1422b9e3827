package dev.kcaudit.audit.store.jpa;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Whether PostgreSQL plans a statement for its values or keeps a generic plan, for the rest of the transaction.
 * pgjdbc prepares a statement on the server after five runs, and PostgreSQL may then keep a generic plan that cannot
 * see the values (docs/query.md and docs/benchmarks.md have the measurements). {@code SET LOCAL} lasts until the
 * transaction ends, so Keycloak's pooled connections are left as they were. Other databases are left alone.
 */
final class PlanCache {

    /** Planned for the values every time: for reads whose best plan depends on them. */
    static final String FOR_VALUES = "force_custom_plan";

    /** Planned once: for reads whose plan their shape decides ({@link EntryPage#planFixedByShape}). */
    static final String BY_SHAPE = "force_generic_plan";

    private PlanCache() {
    }

    static void set(Connection connection, String mode) throws SQLException {
        if ("PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
            try (Statement set = connection.createStatement()) {
                set.execute("SET LOCAL plan_cache_mode = " + mode);
            }
        }
    }
}
