package dev.kcaudit.audit.store.jpa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How many of a realm's entries no seal covers yet: after the last seal, or not even numbered. Seal records
 * ({@code audit.sealed}) do not count: each seal writes one, which the next seal covers. Every verify report carries
 * it. Planned for its values each time: after a big backlog (a bulk load, a long sealer outage) PostgreSQL otherwise
 * keeps a generic plan that joins both tables in full, seconds at 10 M entries where the values' plan takes
 * milliseconds (docs/benchmarks.md, "Verify").
 */
public final class UnsealedCount {

    static final String SQL = "SELECT COUNT(*) FROM AUDIT_ENTRY_CHAIN c JOIN AUDIT_ENTRY e ON e.ID = c.ENTRY_ID"
            + " WHERE c.REALM_ID = ? AND (c.SEQ > ? OR c.SEQ IS NULL) AND e.ACTION <> 'audit.sealed'";

    private UnsealedCount() {
    }

    /** On the caller's connection and transaction. */
    public static long of(Connection connection, String realmId, long afterSeq) throws SQLException {
        PlanCache.set(connection, PlanCache.FOR_VALUES);
        try (PreparedStatement count = connection.prepareStatement(SQL)) {
            count.setString(1, realmId);
            count.setLong(2, afterSeq);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
