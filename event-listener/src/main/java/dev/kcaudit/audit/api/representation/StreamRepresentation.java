package dev.kcaudit.audit.api.representation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.kcaudit.audit.stream.StreamConfig;
import dev.kcaudit.audit.stream.StreamFilter;
import dev.kcaudit.audit.stream.StreamKafka;
import java.util.List;
import java.util.Set;

/**
 * A stream as the API shows it: everything but its secrets ({@code secretSet} says one is stored). {@code secret}
 * is set only in the answer that generated it (create, rotate). A kafka stream's settings appear as top-level fields,
 * as the request gives them ({@code saslPassword} never).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamRepresentation(String id, String name, String type, String url, String format, String encoding,
                                   int batchSize, long lingerMs, StreamFilter filter, List<String> headers,
                                   String index, String sourcetype, String source, String caCertificate,
                                   @JsonUnwrapped StreamKafka kafka, boolean paused,
                                   Set<String> organizations, boolean secretSet, String secret, Status status,
                                   long created, long updated) {

    /**
     * @param position   the last sequence number delivered (realm auditors only: it tells the realm's volume)
     * @param lagEntries matching entries not yet delivered (counted up to 1,000)
     * @param lagSeconds age of the oldest entry not yet delivered
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(String state, Long position, long lagEntries, long lagSeconds, long delivered, long failed,
                         Long lastSuccess, String lastError, Integer lastStatus, Long failingSince, Long nextAttempt,
                         String deliveringNode) {
    }

    public static StreamRepresentation of(String id, String name, String type, StreamConfig c, boolean paused,
                                          Set<String> organizations, boolean secretSet, String secret, Status status,
                                          long created, long updated) {
        boolean webhook = "webhook".equals(type);
        return new StreamRepresentation(id, name, type, c.url(), c.format(), webhook ? c.encoding() : null,
                c.batchSize(), c.lingerMs(), c.filter(), webhook ? c.headerNames() : null, c.index(), c.sourcetype(),
                c.source(), c.caCertificate(), c.kafka(), paused, organizations, secretSet, secret, status, created, updated);
    }
}
