package dev.kcaudit.audit.feed;

import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Category;
import dev.kcaudit.audit.model.SignalRule;
import dev.kcaudit.audit.model.Origin;
import dev.kcaudit.audit.model.Outcome;
import dev.kcaudit.audit.model.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure: an entry as an OCSF 1.x event, of the class and activity its action declares ({@link AuditAction#ocsfClass}):
 * authentication entries are Authentication (3002); credential changes and lockouts Account Change (3001); user
 * changes and SCIM user provisioning User Management (3007); memberships and groups Group Management (3006);
 * everything else API Activity (6003). {@code metadata.uid} is the
 * entry id, so a SIEM can de-duplicate on it; the whole native entry rides along in {@code unmapped}.
 */
public final class OcsfMapper {

    public static final String OCSF_VERSION = "1.3.0";
    static final int IAM = 3;
    static final int APPLICATION = 6;
    static final int AUTHENTICATION = 3002;
    static final int ACCOUNT_CHANGE = 3001;
    static final int USER_MANAGEMENT = 3007;
    static final int GROUP_MANAGEMENT = 3006;
    static final int API_ACTIVITY = 6003;
    static final int DETECTION_FINDING = 2004;

    private final String productVersion;

    public OcsfMapper(String productVersion) {
        this.productVersion = productVersion;
    }

    public Map<String, Object> map(AuditEntry entry, String realmName, Object nativeEntry) {
        int classUid = entry.action().ocsfClass().uid();
        int activity = entry.action().ocsfActivity();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("class_uid", classUid);
        e.put("category_uid", classUid / 1000);
        e.put("activity_id", activity);
        e.put("type_uid", classUid * 100L + activity);
        e.put("time", entry.time());
        boolean failed = entry.outcome().result() == Outcome.Result.FAILURE;
        e.put("status_id", failed ? 2 : 1);
        e.put("status", failed ? "Failure" : "Success");
        if (failed && entry.outcome().reason() != null) {
            e.put("status_detail", entry.outcome().reason());
        }
        e.put("severity_id", severity(entry, failed));
        e.put("message", entry.action().label());
        e.put("metadata", metadata(entry, realmName));
        e.put("actor", actor(entry.actor(), entry.sessionId()));
        e.put("src_endpoint", srcEndpoint(entry));
        Origin origin = entry.origin();
        if (origin != null && origin.userAgent() != null) {
            e.put("http_request", Map.of("user_agent", origin.userAgent()));
        }

        Resource r = entry.resource();
        switch (classUid) {
            case AUTHENTICATION, ACCOUNT_CHANGE -> e.put("user", subjectUser(entry));
            case USER_MANAGEMENT -> e.put("user", subjectUser(entry));
            case DETECTION_FINDING -> {
                // A finding's status is its triage state (1: new), not an outcome; the times span its triggers.
                e.put("status", "New");
                e.put("is_alert", true);
                e.put("finding_info", finding(entry));
                putIf(e, "start_time", entry.details().get("firstTime"));
                putIf(e, "end_time", entry.details().get("lastTime"));
                if (r != null) {
                    Map<String, Object> resource = new LinkedHashMap<>(entity(r));
                    resource.put("type", r.type());
                    e.put("resources", List.of(resource));
                }
            }
            case GROUP_MANAGEMENT -> {
                e.put("group", entity(r));
                if (entry.details().get("username") instanceof String member) {
                    e.put("user", Map.of("name", member));
                }
            }
            default -> {
                e.put("api", Map.of("operation", entry.action().id(), "service", Map.of("name", "keycloak-admin")));
                if (r != null) {
                    Map<String, Object> resource = new LinkedHashMap<>(entity(r));
                    resource.put("type", r.type());
                    e.put("resources", List.of(resource));
                }
            }
        }
        e.put("unmapped", nativeEntry);
        return e;
    }

    /**
     * A signal as OCSF's finding: its id, the rule (title and type), why (description), the triggering entries
     * (related events, by their entry ids, which are their {@code metadata.uid} in this feed) and when they happened.
     */
    private static Map<String, Object> finding(AuditEntry entry) {
        Map<String, Object> d = entry.details();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("uid", entry.id());
        f.put("title", entry.action().label());
        putIf(f, "desc", d.get("reason") instanceof String reason ? reason : null);
        f.put("types", List.of(String.valueOf(d.get("rule"))));
        if (d.get("triggers") instanceof List<?> triggers) {
            f.put("related_events", triggers.stream().map(t -> Map.of("uid", String.valueOf(t))).toList());
            f.put("related_events_count", d.get("count") instanceof Number n ? n.intValue() : triggers.size());
        }
        if (d.get("firstTime") instanceof Number first) {
            f.put("first_seen_time", first.longValue());
        }
        if (d.get("lastTime") instanceof Number last) {
            f.put("last_seen_time", last.longValue());
        }
        f.put("analytic", Map.of("name", String.valueOf(d.get("rule")), "type_id", 1, "type", "Rule"));
        return f;
    }

    /** The address, and where the GeoIP database placed it: {@code location}, {@code autonomous_system}. */
    private static Map<String, Object> srcEndpoint(AuditEntry entry) {
        if (entry.ipAddress() == null) {
            return Map.of("name", "unknown");
        }
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("ip", entry.ipAddress());
        Origin o = entry.origin();
        if (o != null && (o.country() != null || o.region() != null || o.city() != null)) {
            Map<String, Object> location = new LinkedHashMap<>();
            putIf(location, "country", o.country());
            // OCSF's region is an ISO 3166-2 code; the databases give a name, which goes to the description.
            putIf(location, "desc", o.region());
            putIf(location, "city", o.city());
            endpoint.put("location", location);
        }
        if (o != null && (o.device() != null || o.os() != null)) {
            // The client's kind and system belong to its endpoint: OCSF's top-level device is the host the event
            // happened on (the host profile), which here is Keycloak.
            endpoint.putAll(endpointType(o));
        }
        if (o != null && o.asn() != null) {
            Map<String, Object> as = new LinkedHashMap<>();
            as.put("number", o.asn());
            putIf(as, "name", o.asOrganization());
            endpoint.put("autonomous_system", as);
        }
        return endpoint;
    }

    /** The endpoint's type_id: 2 desktop, 4 tablet, 5 mobile, 99 other (a bot or script); its OS by name. */
    private static Map<String, Object> endpointType(Origin o) {
        Map<String, Object> device = new LinkedHashMap<>();
        int type = o.device() == null ? 0 : switch (o.device()) {
            case "desktop" -> 2;
            case "tablet" -> 4;
            case "mobile" -> 5;
            default -> 99;
        };
        device.put("type_id", type);
        if (o.device() != null) {
            device.put("type", type == 99 ? o.device() : o.device().substring(0, 1).toUpperCase() + o.device().substring(1));
        }
        if (o.os() != null) {
            device.put("os", Map.of("name", o.os(), "type_id", osType(o.os(), o.device())));
        }
        return device;
    }

    /** OCSF's operating system type ids for the families ua-parser names; 0 (unknown) for the rest. */
    private static int osType(String os, String device) {
        String name = os.toLowerCase(java.util.Locale.ROOT);
        if (name.startsWith("windows phone") || name.startsWith("windows mobile")) {
            return 101;
        }
        if (name.startsWith("windows")) {
            return 100;
        }
        if (name.startsWith("android")) {
            return 201;
        }
        if (name.startsWith("linux") || name.startsWith("ubuntu") || name.startsWith("fedora")
                || name.startsWith("debian")) {
            return 200;
        }
        if (name.startsWith("ios")) {
            return "tablet".equals(device) ? 302 : 301;
        }
        if (name.startsWith("mac os") || name.startsWith("macos")) {
            return 300;
        }
        return 0;
    }

    private static void putIf(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** Informational; a failure is Low, a lockout Medium. */
    private static int severity(AuditEntry entry, boolean failed) {
        if (entry.action().id().startsWith("auth.lockout")) {
            return 3;
        }
        if (entry.details().get("severity") instanceof String severity && entry.category() == Category.SECURITY) {
            for (SignalRule.Severity known : SignalRule.Severity.values()) {
                if (known.id().equals(severity)) {
                    return known.ocsfId();
                }
            }
        }
        return failed ? 2 : 1;
    }

    private Map<String, Object> metadata(AuditEntry entry, String realmName) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uid", entry.id());
        m.put("version", OCSF_VERSION);
        m.put("product", Map.of("name", "Keycloak Audit Log", "vendor_name", "Keycloak Audit Log project",
                "version", productVersion));
        m.put("log_name", "audit-log");
        m.put("tenant_uid", realmName);
        m.put("original_time", Long.toString(entry.time()));
        m.put("labels", List.of(entry.category().id(), entry.action().id(), entry.source().id()));
        return m;
    }

    private static Map<String, Object> actor(Actor actor, String sessionId) {
        Map<String, Object> a = new LinkedHashMap<>();
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("name", actor.username() != null ? actor.username() : actor.type().id());
        if (actor.id() != null) {
            user.put("uid", actor.id());
        }
        if (actor.email() != null) {
            user.put("email_addr", actor.email());
        }
        user.put("type_id", switch (actor.type()) {
            case USER -> 1;
            case SERVICE_ACCOUNT, SYSTEM -> 3;
            case ANONYMOUS -> 0;
        });
        a.put("user", user);
        if (actor.clientId() != null) {
            a.put("app_name", actor.clientId());
        }
        if (sessionId != null) {
            a.put("session", Map.of("uid", sessionId));
        }
        return a;
    }

    /** The user an entry is about: the resource when it is a user, else the actor. */
    private static Map<String, Object> subjectUser(AuditEntry entry) {
        Resource r = entry.resource();
        if (r != null && "user".equals(r.type()) && (r.id() != null || r.name() != null)) {
            return entity(r);
        }
        Actor actor = entry.actor();
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("name", actor.username() != null ? actor.username() : actor.type().id());
        if (actor.id() != null) {
            user.put("uid", actor.id());
        }
        return user;
    }

    private static Map<String, Object> entity(Resource r) {
        Map<String, Object> x = new LinkedHashMap<>();
        if (r == null) {
            x.put("name", "unknown");
            return x;
        }
        if (r.id() != null) {
            x.put("uid", r.id());
        }
        x.put("name", r.name() != null ? r.name() : r.id() != null ? r.id() : "unknown");
        return x;
    }
}
