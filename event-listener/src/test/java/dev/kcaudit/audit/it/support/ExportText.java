package dev.kcaudit.audit.it.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;

/** Everything a reader of an export file sees, as text: CSV and JSON Lines as they are, every cell of every Excel
 * sheet, every word of a PDF (read with independent readers, not with our writers). */
public final class ExportText {

    private ExportText() {
    }

    public static String of(String format, byte[] file) {
        try {
            return switch (format) {
                case "xlsx" -> excel(file);
                case "pdf" -> {
                    try (var pdf = org.apache.pdfbox.Loader.loadPDF(file)) {
                        yield new org.apache.pdfbox.text.PDFTextStripper().getText(pdf);
                    }
                }
                default -> new String(file, StandardCharsets.UTF_8);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String excel(byte[] file) throws IOException {
        StringBuilder text = new StringBuilder();
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(file))) {
            for (Sheet sheet : workbook.getSheets().toList()) {
                text.append(sheet.getName()).append('\n');
                for (Row row : sheet.read()) {
                    for (int i = 0; i < row.getCellCount(); i++) {
                        text.append(row.getCellText(i)).append('\t');
                    }
                    text.append('\n');
                }
            }
        }
        return text.toString();
    }
}
