package dev.kcaudit.audit.api;

import dev.kcaudit.audit.capture.OwnEntries;
import dev.kcaudit.audit.config.AuditConfig;
import dev.kcaudit.audit.export.EntryExport;
import dev.kcaudit.audit.export.EntryWriter;
import dev.kcaudit.audit.export.ExportRequest;
import dev.kcaudit.audit.integrity.Sealer;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.Source;
import dev.kcaudit.audit.query.Params;
import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.view.EntryRepresentation;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.AdminAuth;

/**
 * {@code GET export}: the same filters, date range, sort and scope as {@code entries}, streamed in keyset batches
 * from a transaction of its own, so memory stays flat and the first bytes leave before the last rows are read.
 */
final class ExportEndpoint {

    private final KeycloakSession session;
    private final RealmModel realm;

    ExportEndpoint(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** @param limit counts the request against the caller's limit, once it is known to be a valid export */
    Response export(Params params, CallerScope scope, AdminAuth admin, Runnable limit) {
        ExportRequest parsed = ExportRequest.parse(params, realm.getId(), realm.getName(), scope.organizations(),
                System.currentTimeMillis(), session.getContext().resolveLocale(admin.getUser()));
        parsed.checkRange(AuditConfig.of(realm).exportMaxDays());
        limit.run();
        // The seal names realm-wide sequence numbers: for readers of the whole realm only.
        String digest = scope.wholeRealm() ? Sealer.latestDigest(session, realm).orElse(null) : null;
        ExportRequest request = digest == null ? parsed : parsed.withSealDigest(digest);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("format", request.format().extension());
        details.put("fileName", request.fileName());
        details.put("filters", params.asMap());
        record(session, realm, admin, AuditAction.AUDIT_EXPORTED, null, request.fileName(), details);

        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmName = realm.getName();
        StreamingOutput body = out -> KeycloakModelUtils.runJobInTransaction(factory, s -> {
            try (EntryWriter writer = request.format().open(out, request.options(), request.report(),
                    e -> EntryRepresentation.of(e, realmName, true, request.messages()), request.messages())) {
                EntryExport.write(s.getProvider(AuditStore.class), request.query().filter(), request.query().page(),
                        writer, rows -> { });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return Response.ok(body, request.format().mediaType())
                .header("Content-Disposition", Downloads.attachment(request.fileName()))
                .header("X-Audit-Seal", digest).build();
    }

    /** Exports are themselves audited, with what they asked for. */
    static void record(KeycloakSession session, RealmModel realm, AdminAuth admin, AuditAction action,
                       String jobId, String name, Map<String, Object> details) {
        session.getProvider(AuditStore.class).save(OwnEntries.entry(realm, action,
                OwnEntries.admin(session, admin.getRealm(), admin.getUser(), admin.getClient()),
                new Resource("audit-export", jobId, name), List.of(),
                session.getContext().getConnection().getRemoteAddr(), Source.ADMIN_API, details));
    }
}
