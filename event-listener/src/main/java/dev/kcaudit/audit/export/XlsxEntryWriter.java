package dev.kcaudit.audit.export;

import dev.kcaudit.audit.i18n.AuditMessages;
import dev.kcaudit.audit.model.AuditEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Excel (fastexcel, streaming): a sheet of entries with a typed UTC timestamp column, a frozen header and an
 * autofilter, then a "Filters Applied" sheet naming the report, its date range, every filter and the sort.
 */
public final class XlsxEntryWriter implements EntryWriter {

    private static final int FLUSH_EVERY = 1000;

    private final Workbook workbook;
    private final Worksheet sheet;
    private final Map<String, String> filtersApplied;
    private final AuditMessages messages;
    private int row;

    /**
     * @param filtersApplied the second sheet's lines, in order (report name, date range, filters, sort…)
     * @param messages       the export's language: headers and sheet names
     */
    public XlsxEntryWriter(OutputStream out, Map<String, String> filtersApplied, AuditMessages messages) {
        this.workbook = new Workbook(out, "Keycloak Audit Log", "1.0");
        this.sheet = workbook.newWorksheet(messages.get("sheet.entries"));
        this.filtersApplied = filtersApplied;
        this.messages = messages;
        List<String> headers = ExportColumns.headers(messages);
        for (int c = 0; c < headers.size(); c++) {
            sheet.value(0, c, headers.get(c));
            sheet.style(0, c).bold().set();
        }
        sheet.width(0, 22);
        sheet.freezePane(0, 1);
        sheet.setAutoFilter(0, 0, headers.size() - 1);
        row = 1;
    }

    @Override
    public void write(AuditEntry entry) throws IOException {
        List<String> cells = ExportColumns.cells(entry, messages);
        sheet.value(row, 0, LocalDateTime.ofInstant(Instant.ofEpochMilli(entry.time()), ZoneOffset.UTC));
        sheet.style(row, 0).format("yyyy-mm-dd hh:mm:ss").set();
        // Inline strings: the shared-strings table would keep every distinct value (ids, IPs) in memory to the end.
        for (int c = 1; c < cells.size(); c++) {
            sheet.inlineString(row, c, SafeCell.of(cells.get(c)));
        }
        if (++row % FLUSH_EVERY == 0) {
            sheet.flush();
        }
    }

    @Override
    public void close() throws IOException {
        sheet.finish();
        Worksheet filters = workbook.newWorksheet(messages.get("sheet.filters"));
        int r = 0;
        for (Map.Entry<String, String> line : filtersApplied.entrySet()) {
            filters.value(r, 0, line.getKey());
            filters.style(r, 0).bold().set();
            filters.value(r, 1, SafeCell.of(line.getValue()));
            r++;
        }
        filters.width(0, 18);
        filters.width(1, 60);
        filters.finish();
        workbook.finish();
    }
}
