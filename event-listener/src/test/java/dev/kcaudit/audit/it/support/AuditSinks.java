package dev.kcaudit.audit.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;

/**
 * Everything the audit log lets out or keeps, as text to search: every entry through the API, every feed page (native
 * and OCSF), every export format read the way its reader would (cells of a workbook, text of a PDF), an export job's
 * file, and every row of every AUDIT_* table read by SQL.
 */
public final class AuditSinks {

    private AuditSinks() {
    }

    /** Every entry of the realm since {@code from}, page by page, as the raw JSON the API sent. */
    public static String entries(String realm, String token, String from) {
        StringBuilder all = new StringBuilder();
        String path = "entries?max=1000&from=" + from;
        for (int page = 0; page < 100 && path != null; page++) {
            AuditApi.Reply reply = AuditApi.get(realm, path, token);
            assertThat(reply.status()).as("GET %s: %s", path, reply.body()).isEqualTo(200);
            all.append(reply.raw().body()).append('\n');
            JsonNode next = reply.body().path("next");
            path = next.isTextual() ? "entries?max=1000&from=" + from + "&cursor=" + AuditApi.query(next.asText()) : null;
        }
        return all.toString();
    }

    /** Every feed page of the window, in the format asked for ({@code native} or {@code ocsf}). */
    public static String feed(String realm, String token, String since, String until, String format) {
        StringBuilder all = new StringBuilder();
        String path = "feed?limit=1000&format=" + format + "&since=" + since + "&until=" + until;
        for (int page = 0; page < 100 && path != null; page++) {
            AuditApi.Reply reply = AuditApi.get(realm, path, token);
            assertThat(reply.status()).as("GET %s: %s", path, reply.body()).isEqualTo(200);
            all.append(reply.raw().body()).append('\n');
            JsonNode next = reply.body().path("next");
            path = next.isTextual() ? "feed?limit=1000&format=" + format + "&after=" + AuditApi.query(next.asText()) : null;
        }
        return all.toString();
    }

    /** A direct export ({@code csv}, {@code json}, {@code xlsx}, {@code pdf}) of everything since {@code from}. */
    public static String export(String realm, String token, String format, String from) {
        HttpResponse<byte[]> file = AuditApi.bytes(realm, "export?format=" + format + "&from=" + from, token);
        assertThat(file.statusCode()).as("export %s", format).isEqualTo(200);
        return text(format, file.body());
    }

    /** An export job's id and the text of its file. */
    public record JobFile(String id, String text) {
    }

    /** The file of an export job over everything since {@code from}, once the job completed. */
    public static JobFile exportJob(String realm, String token, String format, String from) throws InterruptedException {
        AuditApi.Reply started = AuditApi.post(realm, "exports", token,
                "{\"name\":\"census\",\"format\":\"" + format + "\",\"from\":\"" + from + "\"}");
        assertThat(started.status()).as("POST exports: %s", started.body()).isEqualTo(202);
        String id = started.body().path("id").asText();
        for (int i = 0; i < 300; i++) {
            String status = AuditApi.get(realm, "exports/" + id, token).body().path("status").asText();
            if (status.equals("Completed")) {
                return new JobFile(id, text(format, AuditApi.bytes(realm, "exports/" + id + "/download", token).body()));
            }
            assertThat(status).as("export job %s", id).isNotEqualTo("Failed");
            Thread.sleep(200);
        }
        throw new AssertionError("export job " + id + " did not finish");
    }

    /** Every row of every table whose name starts with AUDIT_, by table; binary columns decoded (and unzipped). */
    public static Map<String, String> tables() {
        Map<String, String> dumps = new LinkedHashMap<>();
        try (Connection c = Sql.connect()) {
            DatabaseMetaData meta = c.getMetaData();
            List<String> names = new ArrayList<>();
            try (ResultSet rs = meta.getTables(c.getCatalog(), null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String name = rs.getString("TABLE_NAME");
                    if (name.toUpperCase(Locale.ROOT).startsWith("AUDIT_")) {
                        names.add(name);
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                for (String table : names) {
                    dumps.put(table.toUpperCase(Locale.ROOT), dump(s, table));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return dumps;
    }

    private static String dump(Statement s, String table) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    int type = rs.getMetaData().getColumnType(i);
                    boolean binary = type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY
                            || type == Types.BLOB;
                    if (binary) {
                        byte[] bytes = rs.getBytes(i);
                        out.append(bytes == null ? "" : unzipped(bytes));
                    } else {
                        out.append(rs.getString(i));
                    }
                    out.append('|');
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** The text of an export in the given format, as its reader sees it. */
    public static String text(String format, byte[] body) {
        try {
            return switch (format) {
                case "xlsx" -> cells(body);
                case "pdf" -> {
                    try (PDDocument pdf = Loader.loadPDF(body)) {
                        yield new PDFTextStripper().getText(pdf);
                    }
                }
                default -> new String(body, StandardCharsets.UTF_8);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cells(byte[] xlsx) throws IOException {
        StringBuilder out = new StringBuilder();
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            for (Sheet sheet : workbook.getSheets().toList()) {
                for (Row row : sheet.read()) {
                    row.forEach(cell -> out.append(cell == null ? "" : cell.getRawValue()).append('\t'));
                    out.append('\n');
                }
            }
        }
        return out.toString();
    }

    /** Bytes as UTF-8 text, plus the text of every member when they are a zip (an Excel file in chunks). */
    private static String unzipped(byte[] bytes) {
        StringBuilder out = new StringBuilder(new String(bytes, StandardCharsets.UTF_8));
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                out.append(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // not a zip, or a chunk of one cut mid-member: the plain text above is what there is
        }
        return out.toString();
    }
}
