package dev.kcaudit.audit.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.api.representation.StreamRepresentation;
import dev.kcaudit.audit.delivery.KafkaProducers;
import dev.kcaudit.audit.delivery.Senders;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.stream.Attempt;
import dev.kcaudit.audit.stream.Stream;
import dev.kcaudit.audit.stream.StreamSecrets;
import dev.kcaudit.audit.stream.StreamSettings;
import dev.kcaudit.audit.stream.StreamStore;
import dev.kcaudit.audit.stream.StreamType;
import dev.kcaudit.audit.stream.send.Batch;
import dev.kcaudit.audit.stream.send.Result;
import dev.kcaudit.audit.stream.send.WebhookSender;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.keycloak.util.JsonSerialization;

/**
 * {@code …/audit-log/streams}: log streams (docs/streams.md). Realm auditors see and manage every stream;
 * organization admins only streams of their organizations, which send only their organizations' entries.
 * Secrets are write-only; a generated webhook secret is in the one answer that created it.
 */
public class StreamsEndpoint {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final StreamService s;

    StreamsEndpoint(StreamService service) {
        this.s = service;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<StreamRepresentation> list() {
        return s.store().list(s.realm.getId()).stream().filter(s::maysee).map(x -> s.represent(x, null)).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        StreamRequest r = StreamRequest.parse(body, StreamSettings.current().allowHttp());
        Map<String, String> secrets = new LinkedHashMap<>(r.secrets());
        String generated = null;
        if (r.type() == StreamType.WEBHOOK && !secrets.containsKey("secret")) {
            generated = newSecret();
            secrets.put("secret", generated);
        }
        if (r.type() == StreamType.SPLUNK_HEC && !secrets.containsKey("token")) {
            throw ApiError.badRequest("token", "token (the HEC token) is required");
        }
        requireSaslPassword(r, secrets);
        long now = System.currentTimeMillis();
        String id = UUID.randomUUID().toString();
        Stream stream = new Stream(id, s.realm.getId(), r.name(), r.type(), r.config(),
                s.newScope(r.config().filter().organizations()), Boolean.TRUE.equals(r.paused()),
                s.admin.getUser() == null ? null : s.admin.getUser().getId(), now, now);
        // New streams start at the end of the sequence: what is committed from now on (replay reaches back).
        s.store().create(stream, s.seal(secrets, id), s.audit().sequenced());
        StreamStore.Stored stored = s.store().get(s.realm.getId(), id).orElseThrow();
        s.audited(AuditAction.AUDIT_STREAM_CREATED, stream, List.of(), Map.of("type", r.type().id()));
        return Response.status(Response.Status.CREATED).entity(s.represent(stored, generated))
                .location(s.session.getContext().getUri().getRequestUriBuilder().path(id).build()).build();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public StreamRepresentation get(@PathParam("id") String id) {
        return s.represent(s.visible(id), null);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public StreamRepresentation update(@PathParam("id") String id, String body) {
        StreamStore.Stored old = s.visible(id);
        StreamRequest r = StreamRequest.parse(body, StreamSettings.current().allowHttp());
        if (r.type() != old.stream().type()) {
            throw ApiError.badRequest("type", "type cannot change; create another stream");
        }
        Map<String, String> secrets = s.open(old);
        String oldUrl = secrets.remove("url");
        if (r.headersGiven()) {
            secrets.keySet().removeIf(k -> k.startsWith(StreamSecrets.HEADER_PREFIX));
        }
        secrets.putAll(r.secrets());
        if (oldUrl != null && old.stream().config().url().equals(secrets.get("url"))) {
            secrets.put("url", oldUrl); // the URL came back as shown (values ***): the stored values stay
        }
        String generated = r.rotateSecret() && r.type() == StreamType.WEBHOOK ? newSecret() : null;
        if (generated != null) {
            secrets.put("secret", generated);
        }
        if (r.type() == StreamType.KAFKA && !r.config().kafka().sasl()) {
            secrets.remove(StreamType.KAFKA.secretField()); // SASL turned off: its password is not kept
        }
        requireSaslPassword(r, secrets);
        var config = r.headersGiven() ? r.config() : r.config().withHeaderNames(old.stream().config().headerNames());
        Stream changed = new Stream(id, s.realm.getId(), r.name(), r.type(), config,
                // A stream keeps its scope unless the editor names organizations: an organization admin editing a team
                // admin's stream must not widen it to their own scope (its creator could no longer deliver it).
                s.scope.wholeRealm() || config.filter().organizations().isEmpty() ? old.stream().scope()
                        : s.newScope(config.filter().organizations()),
                old.stream().paused(), old.stream().createdBy(), old.stream().created(), System.currentTimeMillis());
        s.store().update(changed, s.seal(secrets, id));
        boolean secretChanged = !secrets.equals(s.open(old));
        if (r.paused() != null && r.paused() != old.stream().paused()) {
            s.store().setPaused(id, r.paused());
            s.audited(r.paused() ? AuditAction.AUDIT_STREAM_PAUSED : AuditAction.AUDIT_STREAM_RESUMED, changed,
                    List.of(), Map.of());
        }
        StreamStore.Stored now = s.store().get(s.realm.getId(), id).orElseThrow();
        StreamRepresentation after = s.represent(now, generated);
        var changes = StreamService.diff(s.represent(old, null), after).stream()
                .filter(c -> !c.field().equals("paused")).toList();
        if (!changes.isEmpty() || secretChanged) {
            s.audited(AuditAction.AUDIT_STREAM_UPDATED, changed, changes, Map.of("secretsChanged", secretChanged));
        }
        return after;
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        StreamStore.Stored old = s.visible(id);
        s.store().delete(id);
        KafkaProducers.close(id); // this node's; other nodes close theirs when it has been idle a while
        s.audited(AuditAction.AUDIT_STREAM_DELETED, old.stream(), List.of(), Map.of("type", old.stream().type().id()));
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/attempts")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Attempt> attempts(@PathParam("id") String id) {
        s.visible(id);
        return s.store().attempts(id, 100);
    }

    /** Sends one test event now (the {@code audit.stream.tested} entry this records) and answers what happened. */
    @POST
    @Path("{id}/test")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> test(@PathParam("id") String id) {
        StreamStore.Stored stored = s.visible(id);
        Stream stream = stored.stream();
        AuditEntry entry = s.audited(AuditAction.AUDIT_STREAM_TESTED, stream, List.of(), Map.of());
        long start = System.currentTimeMillis();
        Result result = Senders.of(s.session, stream, s.open(stored)).send(new Batch(s.realm.getName(),
                List.of(Senders.item(stream, entry.seenBy(stream.scope()), s.realm.getName())), true));
        long took = System.currentTimeMillis() - start;
        long number = s.store().nextAttemptNumber(id);
        s.store().attempt(id, new Attempt(number, start, null, null, 1, result.ok(), result.status(), result.error(),
                took, "test"), 100);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", result.ok());
        out.put("status", result.status());
        out.put("error", result.error());
        out.put("durationMs", took);
        out.put("entryId", entry.id());
        return out;
    }

    /** Re-delivers from a time ({@code from}) or after a sequence number ({@code afterSeq}, realm auditors only). */
    @POST
    @Path("{id}/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public StreamRepresentation replay(@PathParam("id") String id, String body) {
        StreamStore.Stored stored = s.visible(id);
        JsonNode json;
        try {
            json = JsonSerialization.mapper.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            throw ApiError.badRequest("body", "The body is not JSON");
        }
        long upTo = s.audit().sequenced();
        long position;
        if (json.hasNonNull("afterSeq") == json.hasNonNull("from")) {
            throw ApiError.badRequest("from", "Give exactly one of from (a time) and afterSeq");
        } else if (json.hasNonNull("afterSeq")) {
            if (!s.scope.wholeRealm()) {
                throw ApiError.badRequest("afterSeq", "Organization admins replay from a time (from)");
            }
            if (!json.get("afterSeq").isIntegralNumber() || json.get("afterSeq").asLong() < 0) {
                throw ApiError.badRequest("afterSeq", "afterSeq must be a sequence number (0 or more)");
            }
            position = Math.min(json.get("afterSeq").asLong(), upTo);
        } else {
            try {
                long from = Instant.parse(json.get("from").asText()).toEpochMilli();
                position = s.audit().seqBefore(s.realm.getId(), from, upTo);
            } catch (DateTimeParseException e) {
                throw ApiError.badRequest("from", "from must be an ISO-8601 instant, e.g. 2026-12-01T00:00:00Z");
            }
        }
        s.store().replay(id, position);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(json.hasNonNull("from") ? "from" : "afterSeq", json.hasNonNull("from")
                ? json.get("from").asText() : json.get("afterSeq").asLong());
        s.audited(AuditAction.AUDIT_STREAM_REPLAYED, stored.stream(), List.of(), details);
        return s.represent(s.store().get(s.realm.getId(), id).orElseThrow(), null);
    }

    /** A kafka stream with SASL needs a password: given now, or kept from before. */
    private static void requireSaslPassword(StreamRequest r, Map<String, String> secrets) {
        if (r.type() == StreamType.KAFKA && r.config().kafka().sasl()
                && !secrets.containsKey(StreamType.KAFKA.secretField())) {
            throw ApiError.badRequest("saslPassword", "saslPassword is required with SASL_SSL");
        }
    }

    /** A Standard Webhooks secret: 32 random bytes, base64, prefixed {@code whsec_}. */
    private static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return WebhookSender.SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }
}
