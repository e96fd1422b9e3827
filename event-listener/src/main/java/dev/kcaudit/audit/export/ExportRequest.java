package dev.kcaudit.audit.export;

import dev.kcaudit.audit.query.BadParameter;
import dev.kcaudit.audit.query.EntryQuery;
import dev.kcaudit.audit.query.Params;
import dev.kcaudit.audit.i18n.AuditLocales;
import dev.kcaudit.audit.i18n.AuditMessages;
import dev.kcaudit.audit.model.Text;
import dev.kcaudit.audit.store.AuditFilter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An export, parsed: the same query as {@code entries} plus the file's format and options. Direct downloads and
 * export jobs parse with this one class, so a job's file is exactly what the direct download would have been.
 *
 * @param report   what the report is (name, realm, range, filters, sort), shown in the Excel and PDF files, worded
 *                 in the export's language
 * @param messages the export's language: the {@code locale} parameter, else the requester's
 */
public record ExportRequest(EntryQuery query, ExportFormat format, ExportFormat.Options options, String fileName,
                     Map<String, String> report, AuditMessages messages) {

    public static final Set<String> OPTION_PARAMS = Set.of("format", "delimiter", "bom", "locale");
    public static final Set<String> PARAMS = params();
    public static final Set<String> NOT_FILTERS = Set.of("from", "to", "format", "sort", "order", "delimiter", "bom",
            "locale");

    /** @param requesterLocale the locale Keycloak resolves for the requester, used when {@code locale} is absent */
    public static ExportRequest parse(Params params, String realmId, String realmName, Set<String> scopeOrganizations,
                               long now, Locale requesterLocale) {
        EntryQuery query = EntryQuery.parse(params, realmId, scopeOrganizations, now);
        AuditMessages messages = AuditMessages.of(locale(params.single("locale"), requesterLocale));
        String formatName = params.single("format");
        ExportFormat format = formatName == null ? ExportFormat.CSV : ExportFormat.byName(formatName)
                .orElseThrow(() -> new BadParameter("format", "format must be csv, json, xlsx or pdf"));
        ExportFormat.Options options = new ExportFormat.Options(delimiter(params.single("delimiter")),
                flag(params, "bom"));
        AuditFilter filter = query.filter();
        // A realm's name may hold control characters; a file name never does.
        String fileName = Text.replaceUnsafe("audit-log_" + realmName + "_" + day(filter.from()) + "_" + day(filter.to())
                + "." + format.extension(), "_");
        return new ExportRequest(query, format, options, fileName,
                report(fileName, realmName, query, params, now, messages), messages);
    }

    /** The same export, its report also naming the seal digest that covers it (shown in Excel and PDF files). */
    public ExportRequest withSealDigest(String digest) {
        Map<String, String> lines = new LinkedHashMap<>();
        report.forEach((k, v) -> {
            if (k.equals(messages.get("report.generated"))) {
                lines.put(messages.get("report.integrity"), messages.format("report.integrityValue", digest));
            }
            lines.put(k, v);
        });
        return new ExportRequest(query, format, options, fileName, lines, messages);
    }

    /** The format a stored job names by its extension. */
    public static ExportFormat formatOf(String extension) {
        return ExportFormat.byName(extension).orElseThrow();
    }

    /** A 400 naming {@code from} when the range is longer than the realm allows. */
    public void checkRange(int maxDays) {
        AuditFilter filter = query.filter();
        if (filter.to() - filter.from() > maxDays * 86_400_000L) {
            throw new BadParameter("from", "An export covers at most " + maxDays + " days; narrow from/to");
        }
    }

    /** The {@code locale} parameter when given (a 400 naming it unless supported), else the requester's. */
    private static Locale locale(String param, Locale requesterLocale) {
        if (param == null) {
            return AuditLocales.closest(requesterLocale);
        }
        return AuditLocales.parse(param).orElseThrow(() -> new BadParameter("locale",
                "locale must be one of " + AuditLocales.TAGS));
    }

    private static Map<String, String> report(String fileName, String realmName, EntryQuery query, Params params,
                                              long now, AuditMessages m) {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put(m.get("report.name"), fileName);
        lines.put(m.get("report.realm"), realmName);
        lines.put(m.get("report.dateRange"), m.format("report.dateRangeValue", m.dateTime(query.filter().from()),
                m.dateTime(query.filter().to())));
        params.asMap().forEach((name, values) -> {
            if (!NOT_FILTERS.contains(name)) {
                lines.put(m.get("filter." + name), String.join(", ", values));
            }
        });
        lines.put(m.get("report.sort"), m.format(query.page().ascending() ? "report.sortAscending"
                : "report.sortDescending", m.get("sortKey." + query.page().sort().id())));
        lines.put(m.get("report.generated"), m.dateTime(now));
        return lines;
    }

    private static char delimiter(String value) {
        if (value == null || value.equals(",") || value.equals("comma")) {
            return ',';
        }
        if (value.equals(";") || value.equals("semicolon")) {
            return ';';
        }
        throw new BadParameter("delimiter", "delimiter must be , or ; (URL-encoded %3B), or comma or semicolon");
    }

    private static boolean flag(Params params, String name) {
        String value = params.single(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new BadParameter(name, name + " must be true or false");
    }

    private static String day(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static Set<String> params() {
        Set<String> all = new TreeSet<>(EntryQuery.FILTER_PARAMS);
        all.addAll(OPTION_PARAMS);
        return all;
    }
}
