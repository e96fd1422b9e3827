package dev.kcaudit.audit.export;

import dev.kcaudit.audit.i18n.AuditMessages;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Change;
import dev.kcaudit.audit.model.OrganizationRef;
import dev.kcaudit.audit.model.Origin;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The columns every tabular export shares, in order, worded from the message bundles like the screen. */
public final class ExportColumns {

    /** ISO-8601 in UTC, always with milliseconds: {@code Instant.toString()} drops a zero fraction, which made
     * one entry in a thousand print differently from the rest. */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();

    private static final List<String> HEADER_KEYS = List.of("timestamp", "category", "action", "actor", "resourceType",
            "resourceId", "resourceName", "organizations", "teams", "outcome", "changes", "ipAddress", "location", "device");

    private ExportColumns() {
    }

    /** The column headers in the export's language ({@code column.*} in the message bundles). */
    public static List<String> headers(AuditMessages messages) {
        return HEADER_KEYS.stream().map(k -> messages.get("column." + k)).toList();
    }

    /**
     * The row's cells as text (not yet made formula-safe), labels in the export's language. The timestamp stays
     * ISO-8601 UTC in every language: CSV and Excel are data files that other tools parse.
     */
    public static List<String> cells(AuditEntry e, AuditMessages messages) {
        String actor = e.actor().username() != null ? e.actor().username()
                : e.actor().clientId() != null ? e.actor().clientId() : e.actor().type().id();
        String outcome = messages.get("outcome." + e.outcome().result().name().toLowerCase(Locale.ROOT))
                + (e.outcome().reason() == null ? "" : " (" + e.outcome().reason() + ")");
        return List.of(timestamp(e.time()), e.category().label(messages), e.action().label(messages), actor,
                e.resource() == null ? "" : nullToEmpty(e.resource().type()),
                e.resource() == null ? "" : nullToEmpty(e.resource().id()),
                e.resource() == null ? "" : nullToEmpty(e.resource().name()),
                e.organizations().stream().map(OrganizationRef::name).collect(Collectors.joining(", ")),
                teams(e.organizations()), outcome, changes(e.changes()), nullToEmpty(e.ipAddress()), location(e.origin()), device(e.origin()));
    }

    /** The teams' names, each organization's in turn. */
    public static String teams(List<OrganizationRef> organizations) {
        return organizations.stream().flatMap(o -> o.teams().stream()).map(t -> t.name())
                .collect(Collectors.joining(", "));
    }

    /** {@code Acme (Platform, Ops), Globex}: each organization with its teams. */
    public static String organizationsWithTeams(List<OrganizationRef> organizations) {
        return organizations.stream().map(o -> o.teams().isEmpty() ? o.name()
                : o.name() + " (" + teams(List.of(o)) + ")").collect(Collectors.joining(", "));
    }

    /** {@code city, region, country}, then the network ({@code AS3320 Deutsche Telekom AG}); what is known of it. */
    public static String location(Origin o) {
        if (o == null) {
            return "";
        }
        String place = Stream.of(o.city(), o.region(), o.country()).filter(Objects::nonNull)
                .collect(Collectors.joining(", "));
        String network = o.asn() == null ? null
                : "AS" + o.asn() + (o.asOrganization() == null ? "" : " " + o.asOrganization());
        return Stream.of(place.isEmpty() ? null : place, network).filter(Objects::nonNull)
                .collect(Collectors.joining("; "));
    }

    /** {@code Chrome 120, Windows 10 (desktop)}; what is known of it. */
    public static String device(Origin o) {
        if (o == null) {
            return "";
        }
        String software = Stream.of(o.browser(), o.os()).filter(Objects::nonNull).collect(Collectors.joining(", "));
        if (o.device() == null) {
            return software;
        }
        return software.isEmpty() ? o.device() : software + " (" + o.device() + ")";
    }

    public static String timestamp(long epochMillis) {
        return TIMESTAMP.format(Instant.ofEpochMilli(epochMillis));
    }

    /** {@code field: old -> new}, one change per line. */
    public static String changes(List<Change> changes) {
        return changes.stream().map(c -> c.field() + ": " + nullToEmpty(c.oldValue()) + " -> " + nullToEmpty(c.newValue()))
                .collect(Collectors.joining("\n"));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
