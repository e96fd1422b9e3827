package dev.kcaudit.audit.export;

import dev.kcaudit.audit.i18n.AuditMessages;
import dev.kcaudit.audit.model.AuditEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The file formats an export can take, and the writer for each. */
public enum ExportFormat {
    CSV("csv", "text/csv; charset=UTF-8"),
    JSON("jsonl", "application/x-ndjson"),
    XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    PDF("pdf", "application/pdf");

    private final String extension;
    private final String mediaType;

    ExportFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The format a request names ({@code csv}, {@code json}/{@code jsonl}/{@code ndjson}, {@code xlsx}/{@code excel}, {@code pdf}). */
    public static Optional<ExportFormat> byName(String name) {
        return Optional.ofNullable(switch (name.toLowerCase(Locale.ROOT)) {
            case "csv" -> CSV;
            case "json", "jsonl", "ndjson" -> JSON;
            case "xlsx", "excel" -> XLSX;
            case "pdf" -> PDF;
            default -> null;
        });
    }

    /**
     * A writer of this format.
     *
     * @param report         what the report is (name, realm, range, filters, sort), for the formats that show it
     * @param representation the JSON form of an entry, for JSON Lines
     * @param messages       the export's language
     */
    public EntryWriter open(OutputStream out, Options options, Map<String, String> report,
                            Function<AuditEntry, Object> representation, AuditMessages messages) throws IOException {
        return switch (this) {
            case CSV -> new CsvEntryWriter(out, options.delimiter(), options.bom(), messages);
            case JSON -> new JsonLinesEntryWriter(out, representation);
            case XLSX -> new XlsxEntryWriter(out, report, messages);
            case PDF -> new PdfEntryWriter(out, report, messages);
        };
    }

    /** CSV options: the delimiter ({@code ,} or {@code ;}) and whether to start with a byte-order mark. */
    public record Options(char delimiter, boolean bom) {
    }
}
