package dev.kcaudit.audit.it.support;

/** The integrity realm's set-up under a name of its own, for VerifyIT's marks and its final edit. */
public class VerifyRealmConfig extends IntegrityRealmConfig {

    public static final String REALM = "verify";

    @Override
    protected String name() {
        return REALM;
    }
}
