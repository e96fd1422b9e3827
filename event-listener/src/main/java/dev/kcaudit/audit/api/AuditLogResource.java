package dev.kcaudit.audit.api;

import dev.kcaudit.audit.api.representation.EntryRepresentation;
import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.config.AuditConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** {@code /admin/realms/{realm}/audit-log}: the bearer token is already checked; authorization is ours. */
public class AuditLogResource {

    static final int DEFAULT_MAX = 50;
    static final int MAX_MAX = 1000;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    AuditLogResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Path("entries")
    @Produces(MediaType.APPLICATION_JSON)
    public List<EntryRepresentation> entries(@QueryParam("max") String max) {
        requireRealmAuditor();
        return store().newest(realm.getId(), parseMax(max)).stream()
                .map(e -> EntryRepresentation.of(e, realm.getName()))
                .toList();
    }

    @GET
    @Path("entries/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public EntryRepresentation entry(@PathParam("id") String id) {
        requireRealmAuditor();
        return store().get(realm.getId(), id)
                .map(e -> EntryRepresentation.of(e, realm.getName()))
                .orElseThrow(() -> ApiError.notFound("Entry"));
    }

    @GET
    @Path("config")
    @Produces(MediaType.APPLICATION_JSON)
    public AuditConfig config() {
        if (!auth.realm().canViewEvents() && !auth.realm().canManageEvents()) {
            throw ApiError.forbidden();
        }
        return new ConfigEndpoint(session, realm).read();
    }

    @PUT
    @Path("config")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public AuditConfig updateConfig(String body) {
        if (!auth.realm().canManageEvents()) {
            throw ApiError.forbidden("Changing the audit settings needs manage-events");
        }
        return new ConfigEndpoint(session, realm).write(body, auth.adminAuth());
    }

    private void requireRealmAuditor() {
        if (!auth.realm().canViewEvents()) {
            throw ApiError.forbidden();
        }
    }

    static int parseMax(String raw) {
        if (raw == null) {
            return DEFAULT_MAX;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= 1 && value <= MAX_MAX) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiError.badRequest("max", "max must be a whole number from 1 to " + MAX_MAX);
    }

    private AuditStore store() {
        return session.getProvider(AuditStore.class);
    }
}
