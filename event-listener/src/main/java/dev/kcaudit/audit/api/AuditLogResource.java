package dev.kcaudit.audit.api;

import dev.kcaudit.audit.api.representation.CountRepresentation;
import dev.kcaudit.audit.api.representation.ExportJobRepresentation;
import dev.kcaudit.audit.api.representation.FacetsRepresentation;
import dev.kcaudit.audit.api.representation.HistogramRepresentation;
import dev.kcaudit.audit.api.representation.MeRepresentation;
import dev.kcaudit.audit.config.AuditConfig;
import dev.kcaudit.audit.export.ExportRequest;
import dev.kcaudit.audit.feed.RateLimiter;
import dev.kcaudit.audit.i18n.AuditMessages;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.query.EntryQuery;
import dev.kcaudit.audit.query.HistogramShape;
import dev.kcaudit.audit.query.Params;
import dev.kcaudit.audit.store.AuditFilter;
import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.view.EntryRepresentation;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/audit-log}. Keycloak has checked the bearer token; who may read what is decided
 * here, per request, by {@link CallerScope}. docs/openapi.json describes every endpoint.
 */
public class AuditLogResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final RateLimiter limiter;
    private final ReadLimiter readLimiter;

    AuditLogResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, RateLimiter limiter,
                     ReadLimiter readLimiter) {
        this.session = session;
        this.limiter = limiter;
        this.readLimiter = readLimiter;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Path("entries")
    @Produces(MediaType.APPLICATION_JSON)
    public Response entries() {
        CallerScope scope = CallerScope.of(session, realm, auth);
        EntryQuery query = parse(EntryQuery.listParams(), scope);
        return new EntriesEndpoint(store(), realm, messages()).page(query, uri().getRequestUriBuilder());
    }

    @GET
    @Path("entries/count")
    @Produces(MediaType.APPLICATION_JSON)
    public CountRepresentation count() {
        CallerScope scope = CallerScope.of(session, realm, auth);
        EntryQuery query = parse(EntryQuery.FILTER_PARAMS, scope);
        readLimiter.acquire(session, realm, auth.adminAuth());
        return new EntriesEndpoint(store(), realm, messages()).count(query);
    }

    @GET
    @Path("entries/histogram")
    @Produces(MediaType.APPLICATION_JSON)
    public HistogramRepresentation histogram() {
        CallerScope scope = CallerScope.of(session, realm, auth);
        Params p = params(HistogramShape.PARAMS);
        EntryQuery query = EntryQuery.parse(p, realm.getId(), scope.organizations(), System.currentTimeMillis());
        HistogramShape shape = HistogramShape.of(p, query.filter().from(), query.filter().to());
        readLimiter.acquire(session, realm, auth.adminAuth());
        return new HistogramEndpoint(store()).histogram(query.filter(), shape);
    }

    @GET
    @Path("entries/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public EntryRepresentation entry(@PathParam("id") String id) {
        CallerScope scope = CallerScope.of(session, realm, auth);
        params(Set.of());
        AuditEntry entry = store().get(AuditFilter.scopeOnly(realm.getId(), scope.organizations()), id)
                .orElseThrow(() -> ApiError.notFound("Entry"));
        return EntryRepresentation.of(entry, realm.getName(), messages());
    }

    @GET
    @Path("export")
    public Response export() {
        CallerScope scope = CallerScope.of(session, realm, auth);
        return new ExportEndpoint(session, realm).export(params(ExportRequest.PARAMS), scope, auth.adminAuth(),
                () -> readLimiter.acquire(session, realm, auth.adminAuth()));
    }

    @POST
    @Path("exports")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createExport(String body) {
        CallerScope scope = CallerScope.of(session, realm, auth);
        params(Set.of());
        return exports().create(body, scope, auth.adminAuth());
    }

    @GET
    @Path("exports")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ExportJobRepresentation> exportJobs() {
        CallerScope scope = CallerScope.of(session, realm, auth);
        return exports().list(scope, auth.adminAuth(), params(Set.of("all")).single("all"));
    }

    @GET
    @Path("exports/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public ExportJobRepresentation exportJob(@PathParam("id") String id) {
        CallerScope scope = CallerScope.of(session, realm, auth);
        params(Set.of());
        return exports().get(id, scope, auth.adminAuth());
    }

    @GET
    @Path("exports/{id}/download")
    public Response downloadExport(@PathParam("id") String id) {
        CallerScope scope = CallerScope.of(session, realm, auth);
        params(Set.of());
        return exports().download(id, scope, auth.adminAuth());
    }

    @DELETE
    @Path("exports/{id}")
    public Response deleteExport(@PathParam("id") String id) {
        CallerScope scope = CallerScope.of(session, realm, auth);
        params(Set.of());
        exports().delete(id, scope, auth.adminAuth());
        return Response.noContent().build();
    }

    @GET
    @Path("feed")
    @Produces({MediaType.APPLICATION_JSON, FeedEndpoint.NDJSON})
    public Response feed(@Context HttpHeaders headers) {
        CallerScope scope = CallerScope.of(session, realm, auth);
        return new FeedEndpoint(session, realm).page(params(FeedEndpoint.PARAMS), scope, auth.adminAuth(), limiter,
                headers);
    }

    /** Log streams: push delivery to webhooks and SIEMs ({@link StreamsEndpoint}). */
    @Path("streams")
    public StreamsEndpoint streams() {
        CallerScope scope = CallerScope.of(session, realm, auth);
        params(Set.of());
        return new StreamsEndpoint(new StreamService(session, realm, scope, auth.adminAuth()));
    }

    @GET
    @Path("verify")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> verify() {
        return new VerifyEndpoint(session, realm).verify(CallerScope.of(session, realm, auth),
                () -> params(VerifyEndpoint.PARAMS));
    }

    @POST
    @Path("verify/full")
    @Produces(MediaType.APPLICATION_JSON)
    public Response startFullCheck() {
        return new VerifyEndpoint(session, realm).startFull(CallerScope.of(session, realm, auth),
                () -> params(Set.of()));
    }

    @GET
    @Path("verify/full")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> fullCheck() {
        return new VerifyEndpoint(session, realm).full(CallerScope.of(session, realm, auth), () -> params(Set.of()));
    }

    @GET
    @Path("verify/seals")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> seals() {
        return new VerifyEndpoint(session, realm).seals(CallerScope.of(session, realm, auth),
                () -> params(VerifyEndpoint.SEAL_PARAMS));
    }

    @GET
    @Path("me")
    @Produces(MediaType.APPLICATION_JSON)
    public MeRepresentation me() {
        CallerScope scope = CallerScope.of(session, realm, auth);
        params(Set.of());
        return new MeEndpoint(session, auth).me(scope, messages());
    }

    @GET
    @Path("facets")
    @Produces(MediaType.APPLICATION_JSON)
    public FacetsRepresentation facets() {
        CallerScope scope = CallerScope.of(session, realm, auth);
        String actorPrefix = params(Set.of("actor")).single("actor");
        readLimiter.acquire(session, realm, auth.adminAuth());
        return new FacetsEndpoint(session, realm, store()).facets(scope, actorPrefix, messages());
    }

    @GET
    @Path("config")
    @Produces(MediaType.APPLICATION_JSON)
    public AuditConfig config() {
        params(Set.of());
        return new ConfigEndpoint(session, realm).read(auth, () -> CallerScope.of(session, realm, auth));
    }

    @PUT
    @Path("config")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public AuditConfig updateConfig(String body) {
        if (!auth.realm().canManageEvents()) {
            throw ApiError.forbidden("Changing the audit settings needs manage-events");
        }
        params(Set.of());
        return new ConfigEndpoint(session, realm).write(body, auth.adminAuth());
    }

    @GET
    @Path("openapi.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response openApi() {
        params(Set.of());
        return Response.ok(AuditLogResource.class.getResourceAsStream("/META-INF/audit-log/openapi.json")).build();
    }

    private EntryQuery parse(Set<String> allowed, CallerScope scope) {
        return EntryQuery.parse(params(allowed), realm.getId(), scope.organizations(), System.currentTimeMillis());
    }

    /** The query parameters, refusing any this endpoint does not know (a 400 naming it). */
    private Params params(Set<String> allowed) {
        return new Params(uri().getQueryParameters(), allowed);
    }

    private UriInfo uri() {
        return session.getContext().getUri();
    }

    private ExportJobsEndpoint exports() {
        return new ExportJobsEndpoint(session, realm);
    }

    /**
     * The caller's language as Keycloak chooses the console's (the user's locale, a locale cookie, the browser's,
     * the realm's default; English when the realm has internationalization off), mapped onto ours.
     */
    private AuditMessages messages() {
        return AuditMessages.of(session.getContext().resolveLocale(auth.adminAuth().getUser()));
    }

    private AuditStore store() {
        return session.getProvider(AuditStore.class);
    }
}
