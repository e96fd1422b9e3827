package dev.kcaudit.audit.it.support;

/** The integrity realm's set-up under a name of its own: TamperIT's edits cannot disturb IntegrityIT. */
public class TamperRealmConfig extends IntegrityRealmConfig {

    public static final String REALM = "tamper";

    @Override
    protected String name() {
        return REALM;
    }
}
