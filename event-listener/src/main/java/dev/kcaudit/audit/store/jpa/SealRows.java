package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.chain.Seal;

/** AUDIT_SEAL rows as read by native queries: the columns in order, and a row as a {@link Seal}. */
final class SealRows {

    static final String COLUMNS = "REALM_ID, SEAL_NO, PREV_LAST_SEQ, FIRST_SEQ, LAST_SEQ, ENTRY_COUNT, MIN_TIME,"
            + " MAX_TIME, LAST_CHAIN_HASH, PREV_SEAL_HASH, SEAL_HASH, ALGORITHM, KEY_ID, SIGNATURE, CREATED_TIME,"
            + " PURGED_TIME, PURGED_COUNT, SEALER_STARTED, TSA_TOKEN, PURGE_BEFORE, PURGE_KEY_ID, PURGE_SIGNATURE";

    private SealRows() {
    }

    static Seal seal(Object[] r) {
        return new Seal((String) r[0], n(r[1]), n(r[2]), n(r[3]), n(r[4]), n(r[5]), n(r[6]), n(r[7]), (String) r[8],
                (String) r[9], (String) r[10], (String) r[11], (String) r[12], (String) r[13], n(r[14]),
                r[17] == null ? null : n(r[17]), text(r[18]), r[15] == null ? null : new Seal.Purge(n(r[15]),
                r[16] == null ? 0 : n(r[16]), r[19] == null ? null : n(r[19]), (String) r[20], (String) r[21]));
    }

    /** A CLOB as the driver hands it over (a String, or a Clob on H2). */
    private static String text(Object value) {
        if (value instanceof java.sql.Clob clob) {
            try {
                return clob.getSubString(1, (int) clob.length());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return (String) value;
    }

    static long n(Object o) {
        return ((Number) o).longValue();
    }
}
