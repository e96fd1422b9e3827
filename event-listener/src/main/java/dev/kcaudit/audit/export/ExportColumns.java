package dev.kcaudit.audit.export;

import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Change;
import dev.kcaudit.audit.model.OrganizationRef;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The columns every tabular export shares, in order, with the screen's wording. */
public final class ExportColumns {

    /** ISO-8601 in UTC, always with milliseconds: {@code Instant.toString()} drops a zero fraction, which made
     * one entry in a thousand print differently from the rest. */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();

    public static final List<String> HEADERS = List.of("Timestamp", "Category", "Action", "Actor", "Resource type",
            "Resource id", "Resource name", "Organization(s)", "Outcome", "Changes", "IP address");

    private ExportColumns() {
    }

    /** The row's cells as text (not yet made formula-safe). */
    public static List<String> cells(AuditEntry e) {
        String actor = e.actor().username() != null ? e.actor().username()
                : e.actor().clientId() != null ? e.actor().clientId() : e.actor().type().id();
        String outcome = e.outcome().result().name().toLowerCase(Locale.ROOT)
                + (e.outcome().reason() == null ? "" : " (" + e.outcome().reason() + ")");
        return List.of(timestamp(e.time()), e.category().label(), e.action().label(), actor,
                e.resource() == null ? "" : nullToEmpty(e.resource().type()),
                e.resource() == null ? "" : nullToEmpty(e.resource().id()),
                e.resource() == null ? "" : nullToEmpty(e.resource().name()),
                e.organizations().stream().map(OrganizationRef::name).collect(Collectors.joining(", ")),
                outcome, changes(e.changes()), nullToEmpty(e.ipAddress()));
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
