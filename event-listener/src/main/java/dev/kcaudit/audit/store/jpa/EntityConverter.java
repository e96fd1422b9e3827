package dev.kcaudit.audit.store.jpa;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Change;
import dev.kcaudit.audit.model.Integrity;
import dev.kcaudit.audit.model.IpKey;
import dev.kcaudit.audit.model.OrganizationRef;
import dev.kcaudit.audit.model.Origin;
import dev.kcaudit.audit.model.Outcome;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.Source;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.keycloak.util.JsonSerialization;

/** Domain record &lt;-&gt; entity. Values longer than their column are cut so a long name never fails a login. */
final class EntityConverter {

    private static final int VARCHAR = 255;
    private static final int SEARCH_TEXT_MAX = 8000;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    // Readers resolved once: resolving the type on every read was a visible share of a page's CPU.
    private static final ObjectReader ORGANIZATIONS = reader(new TypeReference<List<OrganizationRef>>() { });
    private static final ObjectReader CHANGES = reader(new TypeReference<List<Change>>() { });
    private static final ObjectReader DETAILS = reader(new TypeReference<Map<String, Object>>() { });
    private static final ObjectReader ORIGIN = reader(new TypeReference<Origin>() { });

    private EntityConverter() {
    }

    static AuditEntryEntity toEntity(AuditEntry given) {
        // The origin as it will be stored and read back: the search text must be what verify recomputes from it.
        AuditEntry e = given.origin() == null ? given : given.withOrigin(origin(given.origin()));
        AuditEntryEntity x = new AuditEntryEntity();
        x.setId(e.id());
        x.setRealmId(e.realmId());
        x.setTime(e.time());
        x.setCategory(e.category().id());
        x.setAction(e.action().id());
        x.setOutcome(e.outcome().result().name().toLowerCase(Locale.ROOT));
        x.setOutcomeReason(cut(e.outcome().reason(), VARCHAR));
        Actor a = e.actor();
        x.setActorId(cut(a.id(), VARCHAR));
        x.setActorType(a.type().id());
        x.setActorUsername(cut(a.username(), VARCHAR));
        x.setActorEmail(cut(a.email(), VARCHAR));
        x.setActorClientId(cut(a.clientId(), VARCHAR));
        if (e.resource() != null) {
            x.setResourceType(cut(e.resource().type(), 64));
            x.setResourceId(cut(e.resource().id(), VARCHAR));
            x.setResourceName(cut(e.resource().name(), VARCHAR));
        }
        x.setIpAddress(cut(e.ipAddress(), 64));
        x.setIpKey(IpKey.of(e.ipAddress()));
        x.setSearchText(searchText(e));
        x.setSessionId(cut(e.sessionId(), VARCHAR));
        x.setSource(e.source().id());
        x.setOrganizationsJson(e.organizations().isEmpty() ? null : write(e.organizations()));
        x.setChangesJson(e.changes().isEmpty() ? null : write(e.changes()));
        x.setDetailsJson(e.details().isEmpty() ? null : write(e.details()));
        Origin origin = e.origin();
        x.setOriginJson(origin == null ? null : write(origin));
        x.setCountry(origin == null ? null : origin.country());
        x.setDevice(origin == null ? null : origin.device());
        return x;
    }

    static AuditEntry toEntry(AuditEntryEntity x) {
        AuditAction action = AuditAction.byId(x.getAction()).orElse(AuditAction.REALM_OTHER);
        Outcome outcome = "success".equals(x.getOutcome())
                ? Outcome.success() : Outcome.failure(x.getOutcomeReason());
        Actor actor = new Actor(x.getActorId(), Actor.Type.byId(x.getActorType()), x.getActorUsername(),
                x.getActorEmail(), x.getActorClientId());
        Resource resource = x.getResourceType() == null && x.getResourceId() == null ? null
                : new Resource(x.getResourceType(), x.getResourceId(), x.getResourceName());
        return new AuditEntry(x.getId(), x.getTime(), x.getRealmId(),
                read(x.getOrganizationsJson(), ORGANIZATIONS),
                action, outcome, actor, resource,
                read(x.getChangesJson(), CHANGES),
                x.getIpAddress(), x.getSessionId(), Source.byId(x.getSource()),
                x.getDetailsJson() == null ? null : new StoredDetails(x.getDetailsJson()),
                read(x.getOriginJson(), ORIGIN),
                x.getChainHash() == null ? null
                        : new Integrity(x.getSeq(), x.getChainPrevSeq(), x.getChainHash(), x::canonical));
    }

    /**
     * What free text matches: the values of actor, action, category, outcome, IP, resource, organizations, changes
     * and details, lower case, each once. JSON keys and repeated values are left out: every character here feeds
     * PostgreSQL's trigram index, the largest part of the database's work per entry (docs/benchmarks.md).
     */
    static String searchText(AuditEntry e) {
        Set<String> words = new LinkedHashSet<>();
        Actor a = e.actor();
        Stream.of(a.username(), a.email(), a.clientId(), e.action().id(), e.action().label(), e.category().id(),
                e.category().label(), e.outcome().reason(), e.ipAddress()).forEach(v -> add(words, v));
        if (e.resource() != null) {
            Stream.of(e.resource().type(), e.resource().id(), e.resource().name()).forEach(v -> add(words, v));
        }
        e.organizations().forEach(o -> {
            add(words, o.name());
            o.teams().forEach(t -> add(words, t.name()));
        });
        e.changes().forEach(c -> Stream.of(c.field(), c.oldValue(), c.newValue()).forEach(v -> add(words, v)));
        e.details().values().forEach(v -> add(words, v));
        Origin o = e.origin();
        if (o != null) {
            Stream.of(o.browser(), o.os(), o.country(), o.region(), o.city(), o.asOrganization())
                    .forEach(v -> add(words, v));
        }
        return cut(String.join(" ", words), SEARCH_TEXT_MAX);
    }

    /** Adds a value, or the values inside a map or list (a representation kept in details). */
    private static void add(Set<String> words, Object value) {
        if (value instanceof JsonNode node && node.isValueNode()) {
            add(words, node.isNull() ? null : node.asText());
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> add(words, v));
        } else if (value instanceof Iterable<?> list) {
            list.forEach(v -> add(words, v));
        } else if (value != null) {
            // Control characters (a NUL typed as a user name) never reach the index: PostgreSQL refuses a NUL in text.
            String word = CONTROL.matcher(value.toString()).replaceAll(" ").toLowerCase(Locale.ROOT).strip();
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
    }

    /**
     * The origin as stored: the agent within its bound, a country that is two letters and a known device type (the
     * indexed columns are that wide), nothing when nothing is known.
     */
    static Origin origin(Origin o) {
        if (o == null) {
            return null;
        }
        String country = o.country() != null && o.country().matches("[A-Z]{2}") ? o.country() : null;
        String device = Origin.DEVICES.contains(o.device()) ? o.device() : null;
        Origin stored = new Origin(cut(o.userAgent(), 512), cut(o.browser(), 64), cut(o.os(), 64), device, country,
                cut(o.region(), 128), cut(o.city(), 128), o.asn(), cut(o.asOrganization(), 255));
        return stored.isEmpty() ? null : stored;
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private static String write(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static ObjectReader reader(TypeReference<?> type) {
        return JsonSerialization.mapper.readerFor(type);
    }

    /**
     * The ids of the organizations and teams an entry names, which its tag rows must be, without reading the rest of
     * it.
     */
    static List<String> scopeTags(AuditEntryEntity x) {
        List<OrganizationRef> organizations = read(x.getOrganizationsJson(), ORGANIZATIONS);
        return organizations == null ? List.of() : AuditEntry.scopeTags(organizations);
    }

    /** An organizations column, read. */
    static List<OrganizationRef> organizations(String json) {
        List<OrganizationRef> organizations = read(json, ORGANIZATIONS);
        return organizations == null ? List.of() : organizations;
    }

    /** A details column, read: a map no caller can change. */
    static Map<String, Object> details(String json) {
        Map<String, Object> details = read(json, DETAILS);
        return details == null ? Map.of() : Collections.unmodifiableMap(details);
    }

    /** An origin column, read. */
    static Origin originOf(String json) {
        return read(json, ORIGIN);
    }

    private static <T> T read(String json, ObjectReader reader) {
        if (json == null) {
            return null;
        }
        try {
            return reader.readValue(json);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
