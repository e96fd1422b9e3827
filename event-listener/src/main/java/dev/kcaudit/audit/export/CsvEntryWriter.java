package dev.kcaudit.audit.export;

import com.opencsv.CSVWriter;
import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;
import dev.kcaudit.audit.i18n.AuditMessages;
import dev.kcaudit.audit.model.AuditEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * RFC 4180 CSV (OpenCSV, which Keycloak ships): CRLF line ends, every field quoted, UTF-8 with an optional BOM
 * for Excel, and formula-safe cells.
 */
public final class CsvEntryWriter implements EntryWriter {

    private final ICSVWriter csv;

    private final AuditMessages messages;

    public CsvEntryWriter(OutputStream out, char delimiter, boolean bom, AuditMessages messages) throws IOException {
        this.messages = messages;
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        if (bom) {
            writer.write('\uFEFF');
        }
        csv = new CSVWriterBuilder(writer).withSeparator(delimiter).withQuoteChar(CSVWriter.DEFAULT_QUOTE_CHARACTER)
                .withEscapeChar(CSVWriter.DEFAULT_ESCAPE_CHARACTER).withLineEnd("\r\n").build();
        // Every field quoted: no cell can split or merge when a spreadsheet reads the file with the other delimiter.
        csv.writeNext(ExportColumns.headers(messages).toArray(String[]::new), true);
    }

    @Override
    public void write(AuditEntry entry) {
        csv.writeNext(ExportColumns.cells(entry, messages).stream().map(SafeCell::of).toArray(String[]::new), true);
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
