package dev.kcaudit.audit.capture;

import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Origin;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.Closeable;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;

/**
 * Adds where and on what to an entry just before it is saved (docs/events.md): the request's parsed
 * {@code User-Agent} and the GeoIP place of the entry's address. An entry without an address (the realm keeps no IP
 * addresses, or no request made it) gets neither: the agent and the place say as much about a person as the address.
 */
final class Origins implements Closeable {

    private static final Logger LOG = Logger.getLogger(Origins.class);

    private final UserAgents agents;
    private final GeoIp geo;

    Origins(UserAgents agents, GeoIp geo) {
        this.agents = agents;
        this.geo = geo;
    }

    /** With the GeoIP databases the server option names (none: no places). */
    static Origins open(String geoipDatabases) {
        return new Origins(new UserAgents(), GeoIp.open(geoipDatabases));
    }

    /** Never fails: an agent or place that cannot be worked out is left out, the entry is saved all the same. */
    AuditEntry attach(AuditEntry entry, KeycloakSession session) {
        try {
            return attach(entry, userAgent(session));
        } catch (RuntimeException | LinkageError | InternalError | StackOverflowError e) {
            // InternalError: a memory-mapped GeoIP file truncated under the reader (replaced in place, not renamed).
            LOG.warnf(e, "Could not work out where entry %s came from; saving it without", entry.id());
            return entry;
        }
    }

    AuditEntry attach(AuditEntry entry, String userAgentHeader) {
        if (entry.ipAddress() == null || entry.origin() != null) {
            return entry;
        }
        UserAgents.Parsed agent = agents.parse(userAgentHeader);
        GeoIp.Place place = geo.lookup(entry.ipAddress());
        return entry.withOrigin(new Origin(
                agent == null ? null : agent.userAgent(), agent == null ? null : agent.browser(),
                agent == null ? null : agent.os(), agent == null ? null : agent.device(),
                place.country(), place.region(), place.city(), place.asn(), place.asOrganization()));
    }

    /** The current request's agent; null outside a request (background work has none). */
    private static String userAgent(KeycloakSession session) {
        HttpHeaders headers = session.getContext() == null ? null : session.getContext().getRequestHeaders();
        return headers == null ? null : headers.getHeaderString(HttpHeaders.USER_AGENT);
    }

    @Override
    public void close() {
        geo.close();
    }
}
