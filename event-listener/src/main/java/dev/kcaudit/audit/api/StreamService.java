package dev.kcaudit.audit.api;

import dev.kcaudit.audit.access.Teams;
import dev.kcaudit.audit.api.representation.StreamRepresentation;
import dev.kcaudit.audit.capture.OwnEntries;
import dev.kcaudit.audit.delivery.StreamFilters;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Change;
import dev.kcaudit.audit.model.OrganizationRef;
import dev.kcaudit.audit.model.OrganizationRefs;
import dev.kcaudit.audit.model.Outcome;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.Source;
import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.stream.Stream;
import dev.kcaudit.audit.stream.StreamKeys;
import dev.kcaudit.audit.stream.StreamSecrets;
import dev.kcaudit.audit.stream.StreamState;
import dev.kcaudit.audit.stream.StreamStore;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.util.JsonSerialization;

/** What the streams endpoints share: the store, sealing, the representation, and the audit entry of each change. */
final class StreamService {

    /** Lag in entries is counted by reading at most this many pending entries: a status read stays cheap. */
    static final int LAG_COUNT_LIMIT = 1_000;

    final KeycloakSession session;
    final RealmModel realm;
    final CallerScope scope;
    final AdminAuth admin;

    StreamService(KeycloakSession session, RealmModel realm, CallerScope scope, AdminAuth admin) {
        this.session = session;
        this.realm = realm;
        this.scope = scope;
        this.admin = admin;
    }

    StreamStore store() {
        return session.getProvider(StreamStore.class);
    }

    AuditStore audit() {
        return session.getProvider(AuditStore.class);
    }

    /** A stream the caller may see: every stream for realm auditors, else those within their organizations. */
    StreamStore.Stored visible(String id) {
        return store().get(realm.getId(), id).filter(this::maysee).orElseThrow(() -> ApiError.notFound("Stream"));
    }

    boolean maysee(StreamStore.Stored s) {
        return scope.wholeRealm() || s.stream().scope() != null && scope.covers(session, realm, s.stream().scope());
    }

    String seal(Map<String, String> secrets, String streamId) {
        return secrets.isEmpty() ? null : new StreamKeys(session, realm).seal(StreamSecrets.toJson(secrets), streamId);
    }

    Map<String, String> open(StreamStore.Stored s) {
        return StreamSecrets.fromJson(s.sealedSecrets() == null ? null
                : new StreamKeys(session, realm).open(s.sealedSecrets(), s.stream().id()));
    }

    StreamRepresentation represent(StreamStore.Stored s, String shownSecret) {
        Stream stream = s.stream();
        StreamState st = s.state();
        long upTo = audit().sequenced();
        List<AuditStore.Sequenced> pending = audit().feed(
                StreamFilters.toAuditFilter(stream.config().filter(), realm.getId(), stream.scope()), st.position(), upTo,
                LAG_COUNT_LIMIT);
        long now = System.currentTimeMillis();
        long lagSeconds = pending.isEmpty() ? 0 : Math.max(0, (now - pending.get(0).entry().time()) / 1000);
        String state = stream.paused() ? "PAUSED" : st.state();
        String node = st.leaseUntil() != null && st.leaseUntil() > now ? st.leaseOwner() : null;
        StreamRepresentation.Status status = new StreamRepresentation.Status(state,
                scope.wholeRealm() ? st.position() : null, pending.size(), lagSeconds, st.delivered(), st.failed(),
                st.lastSuccess(), st.lastError(), st.lastStatus(), st.failingSince(), st.nextAttempt(), node);
        return StreamRepresentation.of(stream.id(), stream.name(), stream.type().id(), stream.config(), stream.paused(),
                stream.scope(), s.sealedSecrets() != null, shownSecret, status, stream.created(), stream.updated());
    }

    /** Records an audit entry about the stream, tagged with its organizations and teams (so their admins see it). */
    AuditEntry audited(AuditAction action, Stream stream, List<Change> changes, Map<String, Object> details) {
        List<OrganizationRef> tags = stream.scope() == null ? List.of() : OrganizationRefs.merged(stream.scope().stream()
                .sorted().map(tag -> Teams.refOf(session, realm, tag)).filter(Objects::nonNull).toList());
        AuditEntry entry = new AuditEntry(UUID.randomUUID().toString(), System.currentTimeMillis(), realm.getId(), tags,
                action, Outcome.success(), OwnEntries.admin(session, admin.getRealm(), admin.getUser(), admin.getClient()),
                new Resource("audit-stream", stream.id(), stream.name()), changes,
                session.getContext().getConnection().getRemoteAddr(), null, Source.ADMIN_API, details);
        audit().save(entry);
        return entry;
    }

    static List<Change> diff(StreamRepresentation before, StreamRepresentation after) {
        return OwnEntries.diff(JsonSerialization.mapper.valueToTree(without(before)),
                JsonSerialization.mapper.valueToTree(without(after)));
    }

    /** The settings only: status and times change without anyone changing the stream. */
    private static StreamRepresentation without(StreamRepresentation r) {
        return new StreamRepresentation(r.id(), r.name(), r.type(), r.url(), r.format(), r.encoding(), r.batchSize(),
                r.lingerMs(), r.filter(), r.headers(), r.index(), r.sourcetype(), r.source(), r.caCertificate(), r.kafka(), r.paused(),
                r.organizations(), r.secretSet(), null, null, 0, 0);
    }

    /** The scope of a new stream: null for realm auditors; else the organizations it filters on, all of them theirs. */
    Set<String> newScope(Set<String> filterOrganizations) {
        if (scope.wholeRealm()) {
            return null;
        }
        if (!scope.covers(session, realm, filterOrganizations)) {
            throw ApiError.forbidden("filter.organizations names an organization you do not administer");
        }
        return filterOrganizations.isEmpty() ? scope.organizations() : filterOrganizations;
    }
}
