package dev.kcaudit.audit.export;

import dev.kcaudit.audit.i18n.AuditMessages;
import dev.kcaudit.audit.model.AuditEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * PDF (PDFBox): a landscape A4 table, each page headed by the report's realm, date range and filters and footed by
 * the page number and generation time, worded in the export's language. The document is buffered in a temporary
 * file, not in memory.
 *
 * <p>Text is set in Helvetica where it can be (no font embedded); characters Helvetica lacks — Japanese, Chinese,
 * Korean, Cyrillic, Greek… — in Droid Sans Fallback (Apache-2.0, from Debian's {@code fonts-droid-fallback}),
 * loaded only when needed and embedded as a subset of the glyphs used. Anything neither has becomes '?'.
 */
public final class PdfEntryWriter implements EntryWriter {

    static final String FALLBACK_FONT = "/dev/kcaudit/audit/export/fonts/DroidSansFallbackFull.ttf";

    private static final float MARGIN = 28;
    private static final float ROW = 11;
    private static final float FONT_SIZE = 7;
    /** Columns shown (indexes into {@link ExportColumns#cells}) and their widths in points. */
    private static final int[] COLUMNS = {0, 1, 2, 3, 4, 6, 7, 9, 10, 11, 12};
    private static final int ORGANIZATIONS = 7;
    private static final float[] WIDTHS = {92, 80, 88, 72, 50, 74, 62, 62, 80, 60, 66};

    private final OutputStream out;
    private final Map<String, String> report;
    private final AuditMessages messages;
    private final List<String> headers;
    private final PDDocument document = new PDDocument(IOUtils.createTempFileOnlyStreamCache());
    private final PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final Map<PDFont, Map<Integer, Boolean>> known = new IdentityHashMap<>();
    private PDType0Font fallback;
    private PDPageContentStream page;
    private float y;
    private int pages;

    public PdfEntryWriter(OutputStream out, Map<String, String> report, AuditMessages messages) throws IOException {
        this.out = out;
        this.report = report;
        this.messages = messages;
        this.headers = ExportColumns.headers(messages);
        newPage();
    }

    @Override
    public void write(AuditEntry entry) throws IOException {
        List<String> cells = new ArrayList<>(ExportColumns.cells(entry, messages));
        // The PDF is read by people: its times follow the locale (CSV and Excel keep ISO-8601 for tools).
        cells.set(0, messages.isoDates() ? cells.get(0) : messages.dateTime(entry.time()));
        // No room for a column of its own: each organization shows its teams, "Acme (Platform)".
        cells.set(ORGANIZATIONS, ExportColumns.organizationsWithTeams(entry.organizations()));
        if (y - ROW < MARGIN + 14) {
            newPage();
        }
        float x = MARGIN;
        for (int i = 0; i < COLUMNS.length; i++) {
            text(font, x, y, fit(font, cells.get(COLUMNS[i]).replace('\n', ' '), WIDTHS[i] - 4));
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
        String realm = messages.get("report.realm");
        String range = messages.get("report.dateRange");
        String generated = messages.get("report.generated");
        text(bold, MARGIN, top, fit(bold, messages.format("pdf.title", report.getOrDefault(realm, ""),
                report.getOrDefault(range, "")), 700));
        StringBuilder filters = new StringBuilder();
        report.forEach((k, v) -> {
            if (!k.equals(realm) && !k.equals(range) && !k.equals(generated)) {
                filters.append(k).append(": ").append(v).append("   ");
            }
        });
        text(font, MARGIN, top - 12, fit(font, filters.toString(), 780));
        text(font, MARGIN, MARGIN - 10, fit(font, messages.format("pdf.footer", pages,
                report.getOrDefault(generated, "")), 780));
        y = top - 32;
        float x = MARGIN;
        for (int i = 0; i < COLUMNS.length; i++) {
            text(bold, x, y, fit(bold, headers.get(COLUMNS[i]), WIDTHS[i] - 4));
            x += WIDTHS[i];
        }
        y -= ROW + 2;
    }

    /** Sets the text run by run, each in the font that has its characters. */
    private void text(PDType1Font latin, float x, float atY, String s) throws IOException {
        float at = x;
        for (Run run : runs(latin, s)) {
            page.beginText();
            page.setFont(run.font, FONT_SIZE);
            page.newLineAtOffset(at, atY);
            page.showText(run.text);
            page.endText();
            at += width(run);
        }
    }

    /** The text as runs of one font each; characters no font has become '?'. */
    private List<Run> runs(PDType1Font latin, String s) throws IOException {
        List<Run> runs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        PDFont currentFont = latin;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            String c = new String(Character.toChars(cp));
            i += Character.charCount(cp);
            PDFont f = encodes(latin, c) ? latin : encodes(fallback(), c) ? fallback() : latin;
            if (f == latin && !encodes(latin, c)) {
                c = "?";
            }
            if (f != currentFont && current.length() > 0) {
                runs.add(new Run(currentFont, current.toString()));
                current.setLength(0);
            }
            currentFont = f;
            current.append(c);
        }
        if (current.length() > 0) {
            runs.add(new Run(currentFont, current.toString()));
        }
        return runs;
    }

    /** Whether the font has the character (remembered: measuring a cut cell asks again and again). */
    private boolean encodes(PDFont f, String c) {
        return known.computeIfAbsent(f, k -> new HashMap<>()).computeIfAbsent(c.codePointAt(0), cp -> {
            if (Character.isISOControl(cp)) {
                return false;
            }
            try {
                f.encode(c);
                return true;
            } catch (IllegalArgumentException | IOException e) {
                return false;
            }
        });
    }

    private PDType0Font fallback() throws IOException {
        if (fallback == null) {
            try (InputStream ttf = PdfEntryWriter.class.getResourceAsStream(FALLBACK_FONT)) {
                if (ttf == null) {
                    throw new IOException("missing font " + FALLBACK_FONT);
                }
                fallback = PDType0Font.load(document, ttf, true);
            }
        }
        return fallback;
    }

    private static float width(Run run) throws IOException {
        return run.font.getStringWidth(run.text) / 1000 * FONT_SIZE;
    }

    private float width(PDType1Font latin, String s) throws IOException {
        float w = 0;
        for (Run run : runs(latin, s)) {
            w += width(run);
        }
        return w;
    }

    /** The text cut to the width with an ellipsis. */
    private String fit(PDType1Font latin, String s, float width) throws IOException {
        // No column holds more than ~200 characters at this size: cut before measuring.
        String text = s.length() > 200 ? s.substring(0, 200) : s;
        if (width(latin, text) <= width) {
            return text;
        }
        while (!text.isEmpty() && width(latin, text + "...") > width) {
            text = text.substring(0, text.offsetByCodePoints(text.length(), -1));
        }
        return text + "...";
    }

    private record Run(PDFont font, String text) {
    }
}
