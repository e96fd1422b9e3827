package dev.kcaudit.audit.signal;

import dev.kcaudit.audit.model.AuditEntry;

/** What the login rules read of a login entry. */
final class Logins {

    private Logins() {
    }

    /** The user who logged in (the entry's resource), or null. */
    static String userId(AuditEntry entry) {
        return entry.resource() != null && "user".equals(entry.resource().type()) ? entry.resource().id() : null;
    }
}
