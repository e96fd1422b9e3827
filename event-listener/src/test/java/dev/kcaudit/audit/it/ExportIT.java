package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcaudit.audit.it.support.Admin;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Times;
import dev.kcaudit.audit.it.support.Tokens;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/** Direct downloads: parsed with real readers and compared row for row with GET entries for the same query. */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class ExportIT {

    private static final String DEMO = DemoRealmConfig.REALM;
    private static final String FORMULA = "=HYPERLINK(\"http://evil.test\",\"click\")";
    private static boolean seeded;

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    private static synchronized void seed() {
        if (seeded) {
            return;
        }
        seeded = true;
        for (String user : List.of("alice", "bob", "carol")) {
            Tokens.demoUser(user);
        }
        GroupRepresentation group = new GroupRepresentation();
        group.setName(FORMULA);
        Admin.demo().groups().add(group).close();
        GroupRepresentation plus = new GroupRepresentation();
        plus.setName("+1-555-0100;@SUM(A1)");
        Admin.demo().groups().add(plus).close();
        // Formula payloads in the other text columns: a client id (resource name), an organization name, a username
        // (actor and resource) and a last name (changes).
        org.keycloak.representations.idm.ClientRepresentation client = new org.keycloak.representations.idm.ClientRepresentation();
        client.setClientId(FORMULA_CLIENT);
        Admin.demo().clients().create(client).close();
        org.keycloak.representations.idm.OrganizationRepresentation org = new org.keycloak.representations.idm.OrganizationRepresentation();
        org.setName(FORMULA_ORG);
        org.setAlias("formula-org");
        org.keycloak.representations.idm.OrganizationDomainRepresentation domain = new org.keycloak.representations.idm.OrganizationDomainRepresentation();
        domain.setName("formula.test");
        org.addDomain(domain);
        Admin.demo().organizations().create(org).close();
        org.keycloak.representations.idm.UserRepresentation user = new org.keycloak.representations.idm.UserRepresentation();
        user.setUsername(FORMULA_USER);
        user.setEmail("dash@formula.test");
        user.setFirstName("Dash");
        user.setLastName("Formula");
        user.setEnabled(true);
        String id = Admin.createdId(Admin.demo().users().create(user));
        user.setLastName("+44 20 7946 0000");
        Admin.demo().users().get(id).update(user);
    }

    private static final String FORMULA_CLIENT = "=HYPERLINK(\"http://evil.test\")";
    private static final String FORMULA_ORG = "@SUM(1+1) Corp";
    private static final String FORMULA_USER = "-dash-user";

    @Test
    void noCellOfAnyColumnCanStartAFormulaInCsvOrExcel() throws Exception {
        seed();
        String token = Tokens.demoUser("auditor");
        List<CSVRecord> rows = csv(AuditApi.get(DEMO, "export?format=csv", token).raw().body(), ',');
        List<String> cells = new ArrayList<>();
        rows.forEach(r -> cells.addAll(r.toList()));
        HttpResponse<byte[]> xlsx = AuditApi.bytes(DEMO, "export?format=xlsx", token);
        try (org.dhatim.fastexcel.reader.ReadableWorkbook workbook = new org.dhatim.fastexcel.reader.ReadableWorkbook(
                new java.io.ByteArrayInputStream(xlsx.body()))) {
            for (org.dhatim.fastexcel.reader.Row row : workbook.getFirstSheet().read()) {
                for (int i = 1; i < row.getCellCount(); i++) {
                    cells.add(row.getCellText(i));
                }
            }
        }
        assertThat(cells).contains("'" + FORMULA_CLIENT, "'" + FORMULA_ORG, "'" + FORMULA_USER);
        for (String cell : cells) {
            assertThat(cell).as("cell").doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-")
                    .doesNotStartWith("@").doesNotStartWith("\t").doesNotStartWith("\r");
        }
    }

    private static List<CSVRecord> csv(String body, char delimiter) throws Exception {
        return CSVFormat.RFC4180.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(body)).getRecords();
    }

    @Test
    void csvMatchesTheListRowForRowAndNamesTheFile() throws Exception {
        seed();
        String token = Tokens.demoUser("auditor");
        String query = "category=authentication,members&sort=actor&order=asc";
        AuditApi.Reply export = AuditApi.get(DEMO, "export?format=csv&" + query, token);
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.raw().headers().firstValue("Content-Disposition").orElseThrow())
                .matches("attachment; filename=\"(audit-log_demo_\\d{4}-\\d{2}-\\d{2}_\\d{4}-\\d{2}-\\d{2}\\.csv)\";"
                        + " filename\\*=UTF-8''\\1");
        List<CSVRecord> rows = csv(export.raw().body(), ',');
        List<JsonNode> listed = AuditApi.entries(DEMO, token, query);
        assertThat(rows).hasSize(listed.size()).isNotEmpty();
        for (int i = 0; i < rows.size(); i++) {
            CSVRecord row = rows.get(i);
            JsonNode entry = listed.get(i);
            assertThat(row.get("Action")).isEqualTo(entry.path("actionLabel").asText());
            assertThat(row.get("Category")).isEqualTo(entry.path("categoryLabel").asText());
            assertThat(row.get("Resource id")).isEqualTo(entry.path("resource").path("id").asText());
            assertThat(row.get("Timestamp")).isEqualTo(Times.iso(entry.path("time").asLong()));
        }
        assertThat(rows.get(0).toMap().keySet()).containsExactly("Timestamp", "Category", "Action", "Actor",
                "Resource type", "Resource id", "Resource name", "Organization(s)", "Team(s)", "Outcome", "Changes", "IP address",
                "Location", "Device");
    }

    @Test
    void formulaPayloadsAreDefused() throws Exception {
        seed();
        String body = AuditApi.get(DEMO, "export?category=members&delimiter=%3B&bom=true", Tokens.demoUser("auditor"))
                .raw().body();
        assertThat(body).startsWith("\uFEFF");
        List<CSVRecord> rows = csv(body.substring(1), ';');
        List<String> names = rows.stream().map(r -> r.get("Resource name")).toList();
        assertThat(names).contains("'" + FORMULA, "'+1-555-0100;@SUM(A1)");
        for (CSVRecord row : rows) {
            for (String cell : row.values()) {
                assertThat(cell).as("cell").doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("@");
            }
        }
    }

    @Test
    void excelHasTypedTimesFormulaSafeCellsAndTheFiltersSheet() throws Exception {
        seed();
        String token = Tokens.demoUser("auditor");
        HttpResponse<byte[]> export = AuditApi.bytes(DEMO, "export?format=xlsx&category=members&sort=actor", token);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Disposition").orElseThrow()).contains(".xlsx\"; filename*=")
                .endsWith(".xlsx");
        List<JsonNode> listed = AuditApi.entries(DEMO, token, "category=members&sort=actor");
        try (org.dhatim.fastexcel.reader.ReadableWorkbook workbook = new org.dhatim.fastexcel.reader.ReadableWorkbook(
                new java.io.ByteArrayInputStream(export.body()))) {
            List<org.dhatim.fastexcel.reader.Sheet> sheets = workbook.getSheets().toList();
            assertThat(sheets).extracting(org.dhatim.fastexcel.reader.Sheet::getName)
                    .containsExactly("Audit log", "Filters Applied");
            List<org.dhatim.fastexcel.reader.Row> rows = sheets.get(0).read();
            assertThat(rows.get(0).getCellText(0)).isEqualTo("Timestamp");
            assertThat(rows).hasSize(listed.size() + 1);
            for (int i = 0; i < listed.size(); i++) {
                org.dhatim.fastexcel.reader.Row row = rows.get(i + 1);
                assertThat(row.getCell(0).getType()).isEqualTo(org.dhatim.fastexcel.reader.CellType.NUMBER);
                assertThat(row.getCellAsDate(0).orElseThrow().toInstant(java.time.ZoneOffset.UTC).toEpochMilli() / 1000)
                        .isEqualTo(listed.get(i).path("time").asLong() / 1000);
                assertThat(row.getCellText(5)).isEqualTo(listed.get(i).path("resource").path("id").asText());
            }
            assertThat(rows.stream().map(r -> r.getCellText(6)).toList()).contains("'" + FORMULA)
                    .noneMatch(name -> name.startsWith("="));
            List<String> filterLines = sheets.get(1).read().stream()
                    .map(r -> r.getCellText(0) + ": " + r.getCellText(1)).toList();
            assertThat(filterLines).anyMatch(l -> l.startsWith("Report name: audit-log_demo_"))
                    .anyMatch(l -> l.startsWith("Date range: ")).contains("category: members")
                    .contains("Sort: actor descending");
        }
    }

    @Test
    void pdfIsALandscapeTableWithHeadersAndPageNumbers() throws Exception {
        seed();
        String token = Tokens.demoUser("auditor");
        HttpResponse<byte[]> export = AuditApi.bytes(DEMO, "export?format=pdf&category=members", token);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/pdf");
        List<JsonNode> listed = AuditApi.entries(DEMO, token, "category=members");
        try (org.apache.pdfbox.pdmodel.PDDocument pdf = org.apache.pdfbox.Loader.loadPDF(export.body())) {
            assertThat(pdf.getPage(0).getMediaBox().getWidth()).isGreaterThan(pdf.getPage(0).getMediaBox().getHeight());
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(pdf);
            assertThat(text).contains("Audit log - demo", "category: members", "Page 1", "Timestamp", "Resource name");
            for (JsonNode entry : listed) {
                assertThat(text).contains(Times.iso(entry.path("time").asLong()));
            }
            assertThat(text).contains("Member management", "=HYPERLINK");  // a PDF shows text as it is
        }
    }

    @Test
    void jsonLinesCarryTheFullEntries() throws Exception {
        seed();
        String token = Tokens.demoUser("auditor");
        String body = AuditApi.get(DEMO, "export?format=json&category=authentication", token).raw().body();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            lines.add(json.readTree(line));
        }
        List<JsonNode> listed = AuditApi.entries(DEMO, token, "category=authentication");
        // The export's own audit entry is in another category, so the same query lists the same rows.
        assertThat(lines.stream().map(l -> l.path("id").asText()).toList())
                .isNotEmpty().isEqualTo(listed.stream().map(l -> l.path("id").asText()).toList());
        assertThat(lines.get(0).has("details")).isTrue();
    }

    @Test
    void exportsAreScopedAuditedAndBounded() throws Exception {
        seed();
        String acme = Admin.demo().organizations().getAll().stream().filter(o -> o.getAlias().equals("acme"))
                .findFirst().orElseThrow().getId();
        String body = AuditApi.get(DEMO, "export?format=json", Tokens.demoUser("acme-admin")).raw().body();
        ObjectMapper json = new ObjectMapper();
        for (String line : body.split("\n")) {
            assertThat(json.readTree(line).path("organizations").findValuesAsText("id")).contains(acme);
        }
        assertThat(AuditApi.get(DEMO, "export", Tokens.demoUser("dave")).status()).isEqualTo(403);

        JsonNode audited = AuditApi.newestDemo("audit.exported");
        assertThat(audited.path("actor").path("username").asText()).isEqualTo("acme-admin");
        assertThat(audited.path("resource").path("name").asText()).endsWith(".jsonl");

        AuditApi.Reply tooLong = AuditApi.get(DEMO, "export?from=2020-01-01&to=2026-01-01", Tokens.demoUser("auditor"));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().path("parameter").asText()).isEqualTo("from");
        assertThat(AuditApi.get(DEMO, "export?format=docx", Tokens.demoUser("auditor")).body().path("parameter")
                .asText()).isEqualTo("format");
        String semicolons = AuditApi.get(DEMO, "export?delimiter=semicolon", Tokens.demoUser("auditor")).raw().body();
        assertThat(semicolons).startsWith("\"Timestamp\";\"Category\";\"Action\";");
    }
}
