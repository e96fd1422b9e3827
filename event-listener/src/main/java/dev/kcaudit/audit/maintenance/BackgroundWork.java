package dev.kcaudit.audit.maintenance;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * This node's background work, as a request reaches it: {@code session.getProvider(BackgroundWork.class)}. The work
 * itself (timers, the export runner, stream delivery, realm clean-up) belongs to the factory, which lives as long as
 * the server.
 */
public interface BackgroundWork extends Provider {

    /** Runs the export job on this node, in the background. */
    void submitExport(String jobId);

    /**
     * Claims the realm's full verify check for this node and runs it in the background; false while one runs
     * (here or on a node that still beats).
     */
    boolean startFullCheck(KeycloakSession session, RealmModel realm);

    @Override
    default void close() {
    }
}
