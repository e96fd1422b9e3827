package dev.kcaudit.audit.export;

import dev.kcaudit.audit.model.AuditEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * PDF (PDFBox): a landscape A4 table, each page headed by the report's realm, date range and filters and footed by
 * the page number and generation time. The document is buffered in a temporary file, not in memory.
 */
public final class PdfEntryWriter implements EntryWriter {

    private static final float MARGIN = 28;
    private static final float ROW = 11;
    private static final float FONT_SIZE = 7;
    /** Columns shown (indexes into {@link ExportColumns#cells}) and their widths in points. */
    private static final int[] COLUMNS = {0, 1, 2, 3, 4, 6, 7, 8, 9, 10};
    private static final float[] WIDTHS = {92, 80, 96, 78, 52, 92, 70, 70, 90, 66};

    private final OutputStream out;
    private final Map<String, String> report;
    private final PDDocument document = new PDDocument(IOUtils.createTempFileOnlyStreamCache());
    private final PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private PDPageContentStream page;
    private float y;
    private int pages;

    public PdfEntryWriter(OutputStream out, Map<String, String> report) throws IOException {
        this.out = out;
        this.report = report;
        newPage();
    }

    @Override
    public void write(AuditEntry entry) throws IOException {
        List<String> cells = ExportColumns.cells(entry);
        if (y - ROW < MARGIN + 14) {
            newPage();
        }
        float x = MARGIN;
        for (int i = 0; i < COLUMNS.length; i++) {
            text(font, x, y, fit(cells.get(COLUMNS[i]).replace('\n', ' '), WIDTHS[i] - 4));
            x += WIDTHS[i];
        }
        y -= ROW;
    }

    @Override
    public void close() throws IOException {
        try {
            page.close();
            document.save(out);
        } finally {
            document.close();
        }
    }

    private void newPage() throws IOException {
        if (page != null) {
            page.close();
        }
        PDPage next = new PDPage(new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth()));
        document.addPage(next);
        pages++;
        page = new PDPageContentStream(document, next);
        float top = next.getMediaBox().getHeight() - MARGIN;
        text(bold, MARGIN, top, fit("Audit log - " + report.getOrDefault("Realm", "") + " - "
                + report.getOrDefault("Date range", ""), 700));
        StringBuilder filters = new StringBuilder();
        report.forEach((k, v) -> {
            if (!k.equals("Realm") && !k.equals("Date range") && !k.equals("Generated")) {
                filters.append(k).append(": ").append(v).append("   ");
            }
        });
        text(font, MARGIN, top - 12, fit(filters.toString(), 780));
        text(font, MARGIN, MARGIN - 10, "Page " + pages + "   Generated " + report.getOrDefault("Generated", ""));
        y = top - 32;
        float x = MARGIN;
        for (int i = 0; i < COLUMNS.length; i++) {
            text(bold, x, y, fit(ExportColumns.HEADERS.get(COLUMNS[i]), WIDTHS[i] - 4));
            x += WIDTHS[i];
        }
        y -= ROW + 2;
    }

    private void text(PDType1Font f, float x, float atY, String s) throws IOException {
        page.beginText();
        page.setFont(f, FONT_SIZE);
        page.newLineAtOffset(x, atY);
        page.showText(s);
        page.endText();
    }

    /** The text the standard font can show (others become '?'), cut to the width with an ellipsis. */
    private String fit(String s, float width) throws IOException {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < s.length() && i < 400; i++) {
            char c = s.charAt(i);
            shown.append(font.hasGlyph(c) || c == ' ' ? c : '?');
        }
        // No column holds more than ~200 characters at this size: cut before measuring.
        String text = shown.length() > 200 ? shown.substring(0, 200) : shown.toString();
        if (font.getStringWidth(text) / 1000 * FONT_SIZE <= width) {
            return text;
        }
        while (!text.isEmpty() && font.getStringWidth(text + "...") / 1000 * FONT_SIZE > width) {
            text = text.substring(0, text.length() - 1);
        }
        return text + "...";
    }
}
