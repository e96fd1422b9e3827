package dev.kcaudit.audit.stream;

import java.util.List;

/**
 * What a destination is, apart from its secrets: stored as JSON, returned as it is. Header values are secrets
 * (an {@code Authorization} header is common), so only their names are here.
 *
 * @param format      {@code native} (the entry JSON of GET entries) or {@code ocsf}
 * @param encoding    webhook body: {@code json} (an object with an {@code entries} array) or {@code ndjson}
 * @param lingerMs    how long a batch that is not full may wait for more entries
 * @param index       Splunk HEC index (optional); sourcetype and source likewise
 * @param caCertificate syslog, kafka: PEM certificate(s) of the CA to trust instead of Keycloak's truststore
 * @param kafka       a kafka stream's cluster, topic and SASL user (null for the other types)
 */
public record StreamConfig(String url, String format, String encoding, int batchSize, long lingerMs,
                           StreamFilter filter, List<String> headerNames, String index, String sourcetype,
                           String source, String caCertificate, StreamKafka kafka) {

    /** The settings of the types other than kafka. */
    public StreamConfig(String url, String format, String encoding, int batchSize, long lingerMs, StreamFilter filter,
                        List<String> headerNames, String index, String sourcetype, String source, String caCertificate) {
        this(url, format, encoding, batchSize, lingerMs, filter, headerNames, index, sourcetype, source, caCertificate,
                null);
    }

    /** The same settings with other header names (a change that leaves {@code headers} out keeps the old ones). */
    public StreamConfig withHeaderNames(List<String> names) {
        return new StreamConfig(url, format, encoding, batchSize, lingerMs, filter, names, index, sourcetype, source,
                caCertificate, kafka);
    }

    public StreamConfig {
        filter = filter == null ? StreamFilter.any() : filter;
        headerNames = headerNames == null ? List.of() : List.copyOf(headerNames);
    }
}
