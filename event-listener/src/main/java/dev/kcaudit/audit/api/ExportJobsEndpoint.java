package dev.kcaudit.audit.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.api.representation.ExportJobRepresentation;
import dev.kcaudit.audit.config.AuditConfig;
import dev.kcaudit.audit.export.ExportRequest;
import dev.kcaudit.audit.export.job.ExportJobParams;
import dev.kcaudit.audit.export.job.ExportJobRunner;
import dev.kcaudit.audit.maintenance.BackgroundWork;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.query.BadParameter;
import dev.kcaudit.audit.query.Params;
import dev.kcaudit.audit.store.ExportJob;
import dev.kcaudit.audit.store.ExportJobStatus;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.util.JsonSerialization;

/**
 * {@code exports}: export jobs. A job is the direct export's query run in the background into a file kept in the
 * database. Callers reading the whole realm see every job of the realm with {@code all=true}, their own by
 * default; organization admins only ever see, download and delete their own jobs, and only while they still
 * administer every organization the job covers.
 */
final class ExportJobsEndpoint {

    static final int MAX_NAME = 200;
    static final int MAX_UNFINISHED_PER_USER = 3;
    static final int MAX_LISTED = 200;

    private final KeycloakSession session;
    private final RealmModel realm;

    ExportJobsEndpoint(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    Response create(String body, CallerScope scope, AdminAuth admin) {
        JsonNode root = json(body);
        String name = name(root.path("name"));
        Map<String, List<String>> raw = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!field.getKey().equals("name")) {
                raw.put(field.getKey(), values(field.getKey(), field.getValue()));
            }
        }
        long now = System.currentTimeMillis();
        Params params = new Params(raw, withName(ExportRequest.PARAMS));
        ExportRequest request = ExportRequest.parse(params, realm.getId(), realm.getName(), scope.organizations(), now,
                session.getContext().resolveLocale(admin.getUser()));
        request.checkRange(AuditConfig.of(realm).exportMaxDays());
        // The job exports the range as it stood when asked, not "the last 7 days" whenever it happens to run.
        raw.put("from", List.of(Instant.ofEpochMilli(request.query().filter().from()).toString()));
        raw.put("to", List.of(Instant.ofEpochMilli(request.query().filter().to()).toString()));
        // ... and in the requester's language, whoever's session runs it.
        raw.put("locale", List.of(request.messages().locale().toLanguageTag()));

        UserModel user = admin.getUser();
        ExportJob requested = ExportJob.pending(UUID.randomUUID().toString(), realm.getId(),
                name == null ? request.fileName() : name, request.format().extension(), request.fileName(), write(raw),
                scope.wholeRealm() ? null : write(new TreeSet<>(scope.organizations())), user.getId(),
                user.getUsername(), now);
        ExportJob job = ExportJobRunner.jobs(session).create(requested, MAX_UNFINISHED_PER_USER).orElseThrow(() -> {
            // The database refused the last free slot to a concurrent request, or none was free.
            session.getTransactionManager().setRollbackOnly();
            return ApiError.tooMany("At most " + MAX_UNFINISHED_PER_USER
                    + " of your export jobs may be pending or running at once; wait for one to finish", 30);
        });

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("jobId", job.id());
        details.put("format", job.format());
        details.put("filters", raw);
        ExportEndpoint.record(session, realm, admin, AuditAction.AUDIT_EXPORT_REQUESTED, job.id(), job.name(), details);
        startAfterCommit(job.id());
        return Response.status(Response.Status.ACCEPTED).entity(representation(job))
                .header("Location", session.getContext().getUri().getAbsolutePathBuilder().path(job.id()).build())
                .build();
    }

    /** @param allParam the {@code all} parameter: true lists every job of the realm, for realm auditors */
    List<ExportJobRepresentation> list(CallerScope scope, AdminAuth admin, String allParam) {
        if (allParam != null && !allParam.equals("true") && !allParam.equals("false")) {
            throw ApiError.badRequest("all", "all must be true or false");
        }
        boolean all = "true".equals(allParam);
        if (all && !scope.wholeRealm()) {
            throw new BadParameter("all", "all=true lists every job of the realm; it is for realm auditors");
        }
        String user = all ? null : admin.getUser().getId();
        List<ExportJobRepresentation> shown = new ArrayList<>();
        for (ExportJob job : ExportJobRunner.jobs(session).list(realm.getId(), user, MAX_LISTED)) {
            shown.add(representation(job));
        }
        return shown;
    }

    ExportJobRepresentation get(String id, CallerScope scope, AdminAuth admin) {
        return representation(visible(id, scope, admin));
    }

    Response download(String id, CallerScope scope, AdminAuth admin) {
        ExportJob job = visible(id, scope, admin);
        if (job.status() != ExportJobStatus.COMPLETED) {
            throw ApiError.conflict("The export is " + job.status().label() + "; download it once it is Completed");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("jobId", job.id());
        details.put("sha256", job.sha256());
        ExportEndpoint.record(session, realm, admin, AuditAction.AUDIT_EXPORT_DOWNLOADED, job.id(), job.name(), details);

        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        int chunks = job.chunks();
        StreamingOutput body = out -> {
            // One chunk in memory at a time, each read in a short transaction of its own.
            for (int i = 0; i < chunks; i++) {
                int no = i;
                out.write(KeycloakModelUtils.runJobInTransactionWithResult(factory,
                        s -> ExportJobRunner.jobs(s).chunk(id, no)));
            }
        };
        String mediaType = ExportRequest.formatOf(job.format()).mediaType();
        return Response.ok(body, mediaType)
                .header("Content-Disposition", Downloads.attachment(job.fileName()))
                .header("Content-Length", job.sizeBytes())
                .header("X-Content-SHA256", job.sha256())
                .build();
    }

    void delete(String id, CallerScope scope, AdminAuth admin) {
        ExportJob job = visible(id, scope, admin);
        ExportJobRunner.jobs(session).delete(job.id());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("jobId", job.id());
        details.put("status", job.status().label());
        ExportEndpoint.record(session, realm, admin, AuditAction.AUDIT_EXPORT_DELETED, job.id(), job.name(), details);
    }

    /** The job, if this caller may see it; otherwise the same 404 as a job that does not exist. */
    private ExportJob visible(String id, CallerScope scope, AdminAuth admin) {
        ExportJob job = ExportJobRunner.jobs(session).find(realm.getId(), id)
                .orElseThrow(() -> ApiError.notFound("Export job"));
        if (scope.wholeRealm()) {
            return job;
        }
        Set<String> covered = ExportJobParams.scope(job);
        boolean own = admin.getUser().getId().equals(job.requestedById());
        if (!own || covered == null || !scope.covers(session, realm, covered)) {
            throw ApiError.notFound("Export job");
        }
        return job;
    }

    private void startAfterCommit(String jobId) {
        BackgroundWork work = session.getProvider(BackgroundWork.class);
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                work.submitExport(jobId);
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    private static ExportJobRepresentation representation(ExportJob job) {
        Map<String, List<String>> filters = new LinkedHashMap<>(ExportJobParams.params(job));
        return ExportJobRepresentation.of(job, filters);
    }

    private static JsonNode json(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JsonSerialization.mapper.readTree(body);
        } catch (IOException e) {
            throw new BadParameter("body", "The body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new BadParameter("body", "The body must be a JSON object: {name, format, from, to, category, …}");
        }
        return root;
    }

    private static String name(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        String name = node.isTextual() ? node.asText().strip() : null;
        if (name == null || name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw new BadParameter("name", "name must be text of 1 to " + MAX_NAME + " characters, without control characters");
        }
        return name;
    }

    /** A body field as the query parameter it stands for: text, a number, true/false, or an array of text. */
    private static List<String> values(String field, JsonNode node) {
        if (node.isTextual() || node.isNumber() || node.isBoolean()) {
            return List.of(node.asText());
        }
        if (node.isArray() && node.size() <= 100) {
            List<String> values = new ArrayList<>();
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    throw new BadParameter(field, field + " must be text or an array of text");
                }
                values.add(item.asText());
            }
            return values;
        }
        throw new BadParameter(field, field + " must be text or an array of text");
    }

    private static Set<String> withName(Set<String> params) {
        Set<String> all = new TreeSet<>(params);
        all.add("name");
        return all;
    }

    private static String write(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
