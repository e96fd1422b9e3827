package dev.kcaudit.audit.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcaudit.audit.i18n.AuditMessages;
import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.OrganizationRef;
import dev.kcaudit.audit.model.Outcome;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.Source;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

class PdfEntryWriterTest {

    private static final long TIME = 1_796_170_215_000L;

    private static AuditEntry entry(String username, String organization) {
        return new AuditEntry("e1", TIME, "r", List.of(new OrganizationRef("o", organization)), AuditAction.LOGIN,
                Outcome.success(), new Actor("u", Actor.Type.USER, username, null, "demo-app"),
                new Resource("user", "u", username), List.of(), "10.0.0.1", null, Source.LOGIN, Map.of());
    }

    private static byte[] pdf(AuditMessages m, AuditEntry... entries) throws Exception {
        Map<String, String> report = new LinkedHashMap<>();
        report.put(m.get("report.realm"), "demo");
        report.put(m.get("report.dateRange"), m.format("report.dateRangeValue", m.dateTime(TIME), m.dateTime(TIME)));
        report.put(m.get("report.generated"), m.dateTime(TIME));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PdfEntryWriter writer = new PdfEntryWriter(out, report, m)) {
            for (AuditEntry e : entries) {
                writer.write(e);
            }
        }
        return out.toByteArray();
    }

    @Test
    void japaneseHeadingsLabelsAndNamesMixedWithLatinAllShow() throws Exception {
        byte[] bytes = pdf(AuditMessages.of(Locale.JAPANESE), entry("山田太郎 (yamada)", "アクメ株式会社"));
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("監査ログ - demo - 2026/12/02 0:10:15 UTC ～ 2026/12/02 0:10:15 UTC", "日時",
                    "実行者", "ログイン", "認証", "山田太郎 (yamada)", "アクメ株式会社", "成功", "2026/12/02 0:10:15 UTC",
                    "1 ページ");
            assertThat(text).doesNotContain("?");
            assertThat(fonts(doc.getPage(0).getResources())).contains("Helvetica")
                    .anyMatch(n -> n.matches("[A-Z]{6}\\+.+"));
        }
        assertThat(bytes.length).isLessThan(200_000);
    }

    @Test
    void englishNeedsNoEmbeddedFontAndKeepsIsoTimes() throws Exception {
        byte[] bytes = pdf(AuditMessages.english(), entry("alice", "Acme"));
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("Audit log - demo", "Timestamp", "Logged in", "2026-12-02T00:10:15.000Z",
                    "Page 1");
            assertThat(fonts(doc.getPage(0).getResources())).allMatch(n -> n.startsWith("Helvetica"));
        }
    }

    private static List<String> fonts(PDResources resources) throws Exception {
        List<String> names = new java.util.ArrayList<>();
        for (COSName name : resources.getFontNames()) {
            names.add(resources.getFont(name).getName());
        }
        return names;
    }
}
