package dev.kcaudit.resilience.support;

/**
 * Database trouble made by SQL from outside Keycloak, on the audit table only: gone (renamed away), full (every
 * insert fails as a full disk or table would: PostgreSQL SQLSTATE 53100 {@code disk_full}, MariaDB error 1114
 * {@code ER_RECORD_FILE_FULL}) or slow (every insert waits).
 */
public final class Faults {

    private static final String TRIGGER = "audit_resilience_fault";
    private final Database db;

    public Faults(Database db) {
        this.db = db;
    }

    public void hideEntryTable() {
        db.update(db.isPostgres() ? "ALTER TABLE AUDIT_ENTRY RENAME TO AUDIT_ENTRY_HIDDEN"
                : "RENAME TABLE AUDIT_ENTRY TO AUDIT_ENTRY_HIDDEN");
    }

    public void restoreEntryTable() {
        db.update(db.isPostgres() ? "ALTER TABLE AUDIT_ENTRY_HIDDEN RENAME TO AUDIT_ENTRY"
                : "RENAME TABLE AUDIT_ENTRY_HIDDEN TO AUDIT_ENTRY");
    }

    public void fillEntryTable() {
        if (db.isPostgres()) {
            trigger("RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = '53100';");
        } else {
            db.update("CREATE TRIGGER " + TRIGGER + " BEFORE INSERT ON AUDIT_ENTRY FOR EACH ROW SIGNAL SQLSTATE 'HY000'"
                    + " SET MESSAGE_TEXT = 'The table AUDIT_ENTRY is full', MYSQL_ERRNO = 1114");
        }
    }

    /** Every insert into the audit table takes {@code seconds} longer. */
    public void slowEntryInserts(int seconds) {
        if (db.isPostgres()) {
            trigger("PERFORM pg_sleep(" + seconds + "); RETURN NEW;");
        } else {
            db.update("CREATE TRIGGER " + TRIGGER + " BEFORE INSERT ON AUDIT_ENTRY FOR EACH ROW"
                    + " SET @audit_resilience_slept = SLEEP(" + seconds + ")");
        }
    }

    /** Removes the full or slow trigger. */
    public void clear() {
        db.update(db.isPostgres() ? "DROP TRIGGER IF EXISTS " + TRIGGER + " ON AUDIT_ENTRY"
                : "DROP TRIGGER IF EXISTS " + TRIGGER);
    }

    private void trigger(String body) {
        db.update("CREATE OR REPLACE FUNCTION " + TRIGGER + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " + body
                + " END $$");
        db.update("CREATE TRIGGER " + TRIGGER + " BEFORE INSERT ON AUDIT_ENTRY FOR EACH ROW EXECUTE FUNCTION "
                + TRIGGER + "()");
    }
}
