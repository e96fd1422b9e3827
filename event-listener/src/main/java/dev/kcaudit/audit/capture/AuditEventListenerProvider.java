package dev.kcaudit.audit.capture;

import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.store.AuditStore;
import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;

/**
 * Writes audit entries inside the transaction Keycloak runs the listener in: an admin change and its entries commit
 * or roll back together; a failed login's entry is written by Keycloak's own inner transaction.
 */
public class AuditEventListenerProvider implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(AuditEventListenerProvider.class);

    private final KeycloakSession session;
    private final ContextResolver resolver;
    private final Origins origins;

    AuditEventListenerProvider(KeycloakSession session, Origins origins) {
        this.session = session;
        this.resolver = new ContextResolver(session);
        this.origins = origins;
    }

    @Override
    public void onEvent(Event event) {
        // An event we fail to turn into an entry (a bug) must not turn a successful login into an error: log, go on.
        // Storing is different: the row is written when Keycloak commits the login, so a database that refuses it
        // fails the login too. No login goes unaudited (docs/events.md; DatabaseTroubleIT in resilience/).
        // A LinkageError is what code built against a newer Keycloak meets on an older one (a constant, method or
        // class it lacks): the event is then still recorded, as a generic entry with Keycloak's type.
        try {
            new UserEventEntries(resolver).entry(event).ifPresent(this::save);
        } catch (RuntimeException | LinkageError e) {
            LOG.errorf(e, "Could not audit user event %s (%s) in full; recording it as a generic entry",
                    event.getId(), event.getType());
            try {
                save(UserEventEntries.generic(event));
            } catch (RuntimeException | LinkageError again) {
                LOG.errorf(again, "Could not audit user event %s (%s)", event.getId(), event.getType());
            }
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        // No catch: an admin change that cannot be audited must not commit unaudited.
        AuditStore store = store();
        // The listener taken off the realm: recorded with the change, whatever the realm captures.
        CaptureSwitch.onAdminEvent(session, resolver, event).ifPresent(this::save);
        new AdminEventEntries(session, resolver, store, new RemovedUsers(session)).entries(event).forEach(this::save);
    }

    private void save(AuditEntry entry) {
        store().save(origins.attach(entry, session));
    }

    private AuditStore store() {
        return session.getProvider(AuditStore.class);
    }

    @Override
    public void close() {
    }
}
