package dev.kcaudit.audit.maintenance;

import org.keycloak.provider.Provider;

/**
 * This node's background work, as a request reaches it: {@code session.getProvider(BackgroundWork.class)}. The work
 * itself (timers, the export runner, stream delivery, realm clean-up) belongs to the factory, which lives as long as
 * the server.
 */
public interface BackgroundWork extends Provider {

    /** Runs the export job on this node, in the background. */
    void submitExport(String jobId);

    @Override
    default void close() {
    }
}
