package dev.kcaudit.audit.export;

import dev.kcaudit.audit.api.query.BadParameter;
import dev.kcaudit.audit.api.query.EntryQuery;
import dev.kcaudit.audit.api.query.Params;
import dev.kcaudit.audit.model.Text;
import dev.kcaudit.audit.store.AuditFilter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An export, parsed: the same query as {@code entries} plus the file's format and options. Direct downloads and
 * export jobs parse with this one class, so a job's file is exactly what the direct download would have been.
 *
 * @param report what the report is (name, realm, range, filters, sort), shown in the Excel and PDF files
 */
public record ExportRequest(EntryQuery query, ExportFormat format, ExportFormat.Options options, String fileName,
                     Map<String, String> report) {

    public static final Set<String> OPTION_PARAMS = Set.of("format", "delimiter", "bom");
    public static final Set<String> PARAMS = params();

    public static ExportRequest parse(Params params, String realmId, String realmName, Set<String> scopeOrganizations,
                               long now) {
        EntryQuery query = EntryQuery.parse(params, realmId, scopeOrganizations, now);
        String formatName = params.single("format");
        ExportFormat format = formatName == null ? ExportFormat.CSV : ExportFormat.byName(formatName)
                .orElseThrow(() -> new BadParameter("format", "format must be csv, json, xlsx or pdf"));
        ExportFormat.Options options = new ExportFormat.Options(delimiter(params.single("delimiter")),
                flag(params, "bom"));
        AuditFilter filter = query.filter();
        // A realm's name may hold control characters; a file name never does.
        String fileName = Text.replaceUnsafe("audit-log_" + realmName + "_" + day(filter.from()) + "_" + day(filter.to())
                + "." + format.extension(), "_");
        return new ExportRequest(query, format, options, fileName, report(fileName, realmName, query, params, now));
    }

    /** The same export, its report also naming the seal digest that covers it (shown in Excel and PDF files). */
    public ExportRequest withSealDigest(String digest) {
        Map<String, String> lines = new LinkedHashMap<>();
        report.forEach((k, v) -> {
            if (k.equals("Generated")) {
                lines.put("Integrity", digest + " (check with GET …/audit-log/verify; see docs/integrity.md)");
            }
            lines.put(k, v);
        });
        return new ExportRequest(query, format, options, fileName, lines);
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

    private static Map<String, String> report(String fileName, String realmName, EntryQuery query, Params params,
                                              long now) {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("Report name", fileName);
        lines.put("Realm", realmName);
        lines.put("Date range", Instant.ofEpochMilli(query.filter().from()) + " to "
                + Instant.ofEpochMilli(query.filter().to()));
        params.asMap().forEach((name, values) -> {
            if (!Set.of("from", "to", "format", "sort", "order", "delimiter", "bom").contains(name)) {
                lines.put(name, String.join(", ", values));
            }
        });
        lines.put("Sort", query.page().sort().id() + (query.page().ascending() ? " ascending" : " descending"));
        lines.put("Generated", Instant.ofEpochMilli(now).toString());
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
