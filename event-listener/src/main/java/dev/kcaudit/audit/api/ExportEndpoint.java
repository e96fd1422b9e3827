package dev.kcaudit.audit.api;

import dev.kcaudit.audit.api.query.BadParameter;
import dev.kcaudit.audit.api.query.EntryQuery;
import dev.kcaudit.audit.api.query.Params;
import dev.kcaudit.audit.api.representation.EntryRepresentation;
import dev.kcaudit.audit.capture.OwnEntries;
import dev.kcaudit.audit.config.AuditConfig;
import dev.kcaudit.audit.export.CsvEntryWriter;
import dev.kcaudit.audit.export.EntryWriter;
import dev.kcaudit.audit.export.JsonLinesEntryWriter;
import dev.kcaudit.audit.export.PdfEntryWriter;
import dev.kcaudit.audit.export.XlsxEntryWriter;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.Source;
import dev.kcaudit.audit.store.AuditFilter;
import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.store.PageRequest;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.AdminAuth;

/**
 * {@code GET export}: the same filters, date range, sort and scope as {@code entries}, streamed in keyset batches
 * from a transaction of its own, so memory stays flat and the first bytes leave before the last rows are read.
 */
final class ExportEndpoint {

    static final Set<String> EXPORT_PARAMS = exportParams();
    static final int BATCH = 500;

    private enum Format {
        CSV("csv", "text/csv; charset=UTF-8"), JSON("jsonl", "application/x-ndjson"),
        XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        PDF("pdf", "application/pdf");

        final String extension;
        final String mediaType;

        Format(String extension, String mediaType) {
            this.extension = extension;
            this.mediaType = mediaType;
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;

    ExportEndpoint(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    Response export(Params params, CallerScope scope, AdminAuth admin) {
        EntryQuery query = EntryQuery.parse(params, realm.getId(), scope.organizations(), System.currentTimeMillis());
        Format format = format(params.single("format"));
        char delimiter = delimiter(params.single("delimiter"));
        boolean bom = flag(params, "bom");
        AuditFilter filter = query.filter();
        int maxDays = AuditConfig.of(realm).exportMaxDays();
        if (filter.to() - filter.from() > maxDays * 86_400_000L) {
            throw new BadParameter("from", "An export covers at most " + maxDays + " days; narrow from/to");
        }
        String fileName = "audit-log_" + realm.getName() + "_" + day(filter.from()) + "_" + day(filter.to()) + "."
                + format.extension;
        recordExport(admin, format, fileName, params);

        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmName = realm.getName();
        PageRequest first = query.page();
        Map<String, String> filtersApplied = filtersApplied(fileName, filter, first, params);
        StreamingOutput body = out -> KeycloakModelUtils.runJobInTransaction(factory, s -> {
            try (EntryWriter writer = writer(format, out, delimiter, bom, realmName, filtersApplied)) {
                stream(s.getProvider(AuditStore.class), filter, first, writer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return Response.ok(body, format.mediaType)
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"").build();
    }

    private static void stream(AuditStore store, AuditFilter filter, PageRequest first, EntryWriter writer)
            throws IOException {
        PageRequest.Position at = null;
        while (true) {
            PageRequest page = new PageRequest(first.sort(), first.ascending(), BATCH, 0, at, false);
            List<AuditEntry> rows = store.find(filter, page);
            for (AuditEntry entry : rows.subList(0, Math.min(rows.size(), BATCH))) {
                writer.write(entry);
            }
            if (rows.size() <= BATCH) {
                return;
            }
            at = store.position(rows.get(BATCH - 1), first.sort());
        }
    }

    private static EntryWriter writer(Format format, OutputStream out, char delimiter, boolean bom, String realmName,
                                      Map<String, String> filtersApplied) throws IOException {
        return switch (format) {
            case CSV -> new CsvEntryWriter(out, delimiter, bom);
            case JSON -> new JsonLinesEntryWriter(out, e -> EntryRepresentation.of(e, realmName));
            case XLSX -> new XlsxEntryWriter(out, filtersApplied);
            case PDF -> new PdfEntryWriter(out, filtersApplied);
        };
    }

    /** What the report is: its name, realm, date range, every filter given and the sort, for the Excel sheet. */
    private Map<String, String> filtersApplied(String fileName, AuditFilter filter, PageRequest page, Params params) {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("Report name", fileName);
        lines.put("Realm", realm.getName());
        lines.put("Date range", Instant.ofEpochMilli(filter.from()) + " to " + Instant.ofEpochMilli(filter.to()));
        params.asMap().forEach((name, values) -> {
            if (!Set.of("from", "to", "format", "sort", "order", "delimiter", "bom").contains(name)) {
                lines.put(name, String.join(", ", values));
            }
        });
        lines.put("Sort", page.sort().id() + (page.ascending() ? " ascending" : " descending"));
        lines.put("Generated", Instant.now().toString());
        return lines;
    }

    /** The export is itself audited, with what it asked for. */
    private void recordExport(AdminAuth admin, Format format, String fileName, Params params) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("format", format.extension);
        details.put("fileName", fileName);
        details.put("filters", params.asMap());
        session.getProvider(AuditStore.class).save(OwnEntries.entry(realm, AuditAction.AUDIT_EXPORTED,
                OwnEntries.admin(session, admin.getRealm(), admin.getUser(), admin.getClient()),
                new Resource("audit-export", null, fileName), List.of(),
                session.getContext().getConnection().getRemoteAddr(), Source.ADMIN_API, details));
    }

    private static Format format(String value) {
        if (value == null) {
            return Format.CSV;
        }
        return switch (value.toLowerCase()) {
            case "csv" -> Format.CSV;
            case "json", "jsonl", "ndjson" -> Format.JSON;
            case "xlsx", "excel" -> Format.XLSX;
            case "pdf" -> Format.PDF;
            default -> throw new BadParameter("format", "format must be csv, json, xlsx or pdf");
        };
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

    private static Set<String> exportParams() {
        Set<String> all = new TreeSet<>(EntryQuery.FILTER_PARAMS);
        all.addAll(Set.of("format", "delimiter", "bom"));
        return all;
    }
}
