package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.Admin;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.DemoUsers;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Tokens;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/** Exports in the requester's language or the one the {@code locale} parameter names. */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class ExportLocaleIT {

    private static final String DEMO = DemoRealmConfig.REALM;

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    @Test
    void csvInTheLanguageTheParameterNamesWithIsoTimestamps() throws Exception {
        Tokens.demoUser("alice");
        String token = Tokens.demoUser("auditor");
        String body = new String(
                AuditApi.bytes(DEMO, "export?locale=ja&category=authentication", token).body(), StandardCharsets.UTF_8);
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(body)).getRecords();
        assertThat(rows.get(0).getParser().getHeaderNames()).startsWith("日時", "カテゴリー", "アクション", "実行者");
        List<JsonNode> listed = AuditApi.entries(DEMO, token, "category=authentication");
        assertThat(rows).hasSize(listed.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).get(0)).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
            assertThat(rows.get(i).get(1)).isEqualTo("認証");
            if (listed.get(i).path("action").asText().equals("auth.login")) {
                assertThat(rows.get(i).get(2)).isEqualTo("ログイン");
            }
            if (listed.get(i).path("outcome").path("result").asText().equals("success")) {
                assertThat(rows.get(i).get(9)).isEqualTo("成功");
            }
        }
    }

    @Test
    void excelSheetsHeadersAndFiltersInFrenchWithFrenchDates() throws Exception {
        String token = Tokens.demoUser("auditor");
        HttpResponse<byte[]> export =
                AuditApi.bytes(DEMO, "export?format=xlsx&locale=fr&category=members&sort=actor", token);
        assertThat(export.statusCode()).isEqualTo(200);
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(export.body()))) {
            List<Sheet> sheets = workbook.getSheets().toList();
            assertThat(sheets).extracting(Sheet::getName).containsExactly("Journal d'audit", "Filtres appliqués");
            assertThat(sheets.get(0).read().get(0).getCellText(0)).isEqualTo("Horodatage");
            List<String> filterLines = sheets.get(1).read().stream()
                    .map(r -> r.getCellText(0) + ": " + r.getCellText(1)).toList();
            assertThat(filterLines).anyMatch(l -> l.startsWith("Nom du rapport: audit-log_demo_"))
                    .anyMatch(l -> l.matches("Période: du \\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}:\\d{2} UTC au "
                            + "\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}:\\d{2} UTC"))
                    .contains("catégorie: members", "Tri: acteur décroissant");
        }
    }

    @Test
    void pdfInChineseEmbedsOnlyTheGlyphsItUses() throws Exception {
        String token = Tokens.demoUser("auditor");
        HttpResponse<byte[]> export =
                AuditApi.bytes(DEMO, "export?format=pdf&locale=zh-CN&category=authentication", token);
        assertThat(export.statusCode()).isEqualTo(200);
        try (PDDocument pdf = Loader.loadPDF(export.body())) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("审计日志 - demo", "第 1 页", "时间", "执行者", "身份验证", "类别: authentication");
            assertThat(text).doesNotContain("?");
            List<String> embedded = new ArrayList<>();
            for (COSName name : pdf.getPage(0).getResources().getFontNames()) {
                PDFont font = pdf.getPage(0).getResources().getFont(name);
                if (font.isEmbedded()) {
                    embedded.add(font.getName());
                }
            }
            // A subset (tag "ABCDEF+"), not the whole 4 MB font.
            assertThat(embedded).anyMatch(n -> n.matches("[A-Z]{6}\\+.*"));
        }
        assertThat(export.body().length).isLessThan(1_000_000);
    }

    @Test
    void theRequestersLocaleWhenNoParameterAndJobsKeepIt() throws Exception {
        RealmRepresentation before = Admin.demo().toRepresentation();
        RealmRepresentation i18n = new RealmRepresentation();
        i18n.setInternationalizationEnabled(true);
        i18n.setSupportedLocales(java.util.Set.of("en", "de", "fr", "es", "pt-BR", "ja", "zh-CN"));
        i18n.setDefaultLocale("en");
        Admin.demo().update(i18n);
        try {
            String username = "locale-auditor-" + System.nanoTime();
            String id = DemoUsers.create(username, DemoRealmConfig.PASSWORD);
            UserRepresentation user = Admin.demo().users().get(id).toRepresentation();
            user.setAttributes(Map.of("locale", List.of("pt-BR")));
            Admin.demo().users().get(id).update(user);
            String rm = Admin.demo().clients().findByClientId("realm-management").get(0).getId();
            RoleRepresentation viewEvents =
                    Admin.demo().clients().get(rm).roles().get("view-events").toRepresentation();
            Admin.demo().users().get(id).roles().clientLevel(rm).add(List.of(viewEvents));
            String token = Tokens.demoUser(username);

            assertThat(AuditApi.get(DEMO, "me", token).body().path("locale").asText()).isEqualTo("pt-BR");
            String csv = new String(
                    AuditApi.bytes(DEMO, "export?category=authentication", token).body(), StandardCharsets.UTF_8);
            assertThat(csv).startsWith("\"Data e hora\",\"Categoria\",\"Ação\",\"Autor\"");
            JsonNode facets = AuditApi.get(DEMO, "facets", token).body();
            assertThat(facets.path("categories").findValuesAsText("label")).contains("Autenticação");
            // The parameter wins over the user's locale; English stays exactly as before.
            String english = new String(AuditApi.bytes(DEMO, "export?locale=en&category=authentication", token).body(),
                    StandardCharsets.UTF_8);
            assertThat(english).startsWith("\"Timestamp\",\"Category\",\"Action\",\"Actor\"");

            JsonNode job = AuditApi.post(DEMO, "exports", token, "{\"format\":\"csv\",\"category\":\"authentication\"}")
                    .body();
            assertThat(job.path("filters").path("locale").toString()).contains("pt-BR");
            String jobId = job.path("id").asText();
            for (int i = 0; i < 300 && !AuditApi.get(DEMO, "exports/" + jobId, token).body().path("status").asText()
                    .equals("Completed"); i++) {
                Thread.sleep(200);
            }
            byte[] file = AuditApi.bytes(DEMO, "exports/" + jobId + "/download", token).body();
            assertThat(new String(file, StandardCharsets.UTF_8)).startsWith("\"Data e hora\",\"Categoria\"");
        } finally {
            RealmRepresentation restore = new RealmRepresentation();
            restore.setInternationalizationEnabled(Boolean.TRUE.equals(before.isInternationalizationEnabled()));
            restore.setSupportedLocales(before.getSupportedLocales() == null ? java.util.Set.of()
                    : before.getSupportedLocales());
            Admin.demo().update(restore);
        }
    }

    @Test
    void anUnsupportedOrMalformedLocaleIsA400NamingIt() {
        String token = Tokens.demoUser("auditor");
        for (String locale : List.of("it", "de-AT", "xx", "de%3Bq%3D1")) {
            AuditApi.Reply reply = AuditApi.get(DEMO, "export?locale=" + locale, token);
            assertThat(reply.status()).as(locale).isEqualTo(400);
            assertThat(reply.body().path("parameter").asText()).as(locale).isEqualTo("locale");
        }
        AuditApi.Reply job = AuditApi.post(DEMO, "exports", token, "{\"format\":\"csv\",\"locale\":\"tlh\"}");
        assertThat(job.status()).isEqualTo(400);
        assertThat(job.body().path("parameter").asText()).isEqualTo("locale");
    }
}
