package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcaudit.audit.it.support.Admin;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Sql;
import dev.kcaudit.audit.it.support.Times;
import dev.kcaudit.audit.it.support.Tokens;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/** Export jobs from request to download: every format, history, scope, deletion, and jobs whose node died. */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class ExportJobIT {

    private static final String DEMO = DemoRealmConfig.REALM;
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    private static JsonNode start(String token, String body) {
        AuditApi.Reply reply = AuditApi.post(DEMO, "exports", token, body);
        assertThat(reply.status()).as("POST exports: %s", reply.body()).isEqualTo(202);
        assertThat(reply.raw().headers().firstValue("Location").orElseThrow())
                .endsWith("/audit-log/exports/" + reply.body().path("id").asText());
        return reply.body();
    }

    /** Polls the job until it is finished. */
    private static JsonNode finished(String token, String id) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            JsonNode job = AuditApi.get(DEMO, "exports/" + id, token).body();
            String status = job.path("status").asText();
            if (status.equals("Completed") || status.equals("Failed")) {
                return job;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("export job " + id + " did not finish");
    }

    /** The entries a job's frozen filters select, as GET entries lists them. */
    private static List<JsonNode> listed(String token, JsonNode job, String more) {
        String from = job.path("filters").path("from").get(0).asText();
        String to = job.path("filters").path("to").get(0).asText();
        List<JsonNode> rows = new ArrayList<>();
        AuditApi.get(DEMO, "entries?max=1000&from=" + from + "&to=" + to + more, token).body().path("entries")
                .forEach(rows::add);
        return rows;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void aCsvJobRunsFromRequestToDownloadAndMatchesTheList() throws Exception {
        String token = Tokens.demoUser("auditor");
        Tokens.demoUser("alice");
        JsonNode job = start(token, "{\"name\":\"Quarterly logins\",\"format\":\"csv\",\"category\":[\"authentication\"],"
                + "\"sort\":\"actor\",\"order\":\"asc\",\"delimiter\":\";\"}");
        assertThat(job.path("status").asText()).isIn("Pending", "Running", "Completed");
        assertThat(job.path("requestedBy").asText()).isEqualTo("auditor");
        JsonNode done = finished(token, job.path("id").asText());
        assertThat(done.path("status").asText()).isEqualTo("Completed");
        assertThat(done.path("progress").asInt()).isEqualTo(100);
        assertThat(done.path("fileName").asText()).matches("audit-log_demo_\\d{4}-\\d{2}-\\d{2}_\\d{4}-\\d{2}-\\d{2}\\.csv");

        HttpResponse<byte[]> file = AuditApi.bytes(DEMO, "exports/" + job.path("id").asText() + "/download", token);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Disposition").orElseThrow())
                .contains(done.path("fileName").asText());
        assertThat(sha256(file.body())).isEqualTo(done.path("sha256").asText())
                .isEqualTo(file.headers().firstValue("X-Content-SHA256").orElseThrow());
        assertThat((long) file.body().length).isEqualTo(done.path("sizeBytes").asLong());

        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setDelimiter(';').setHeader().setSkipHeaderRecord(true)
                .get().parse(new StringReader(new String(file.body(), StandardCharsets.UTF_8))).getRecords();
        List<JsonNode> listed = listed(token, done, "&category=authentication&sort=actor&order=asc");
        assertThat(rows).isNotEmpty().hasSize(listed.size());
        assertThat(done.path("rowCount").asLong()).isEqualTo(listed.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).get("Timestamp"))
                    .isEqualTo(Times.iso(listed.get(i).path("time").asLong()));
            assertThat(rows.get(i).get("Action")).isEqualTo(listed.get(i).path("actionLabel").asText());
        }

        JsonNode history = AuditApi.get(DEMO, "exports", token).body();
        JsonNode mine = null;
        for (JsonNode h : history) {
            if (h.path("id").asText().equals(job.path("id").asText())) {
                mine = h;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.path("name").asText()).isEqualTo("Quarterly logins");
        assertThat(mine.path("filters").path("category").get(0).asText()).isEqualTo("authentication");
        assertThat(mine.path("createdTime").asLong()).isPositive();
        assertThat(mine.path("finishedTime").asLong()).isGreaterThanOrEqualTo(mine.path("createdTime").asLong());
        assertThat(mine.path("expiresTime").asLong()).isGreaterThan(mine.path("finishedTime").asLong());

        JsonNode requested = AuditApi.newestDemo("audit.export.requested", "Quarterly logins");
        assertThat(requested.path("actor").path("username").asText()).isEqualTo("auditor");
        JsonNode downloaded = AuditApi.newestDemo("audit.export.downloaded", "Quarterly logins");
        assertThat(downloaded.path("details").path("jobId").asText()).isEqualTo(job.path("id").asText());
    }

    @Test
    void excelPdfAndJsonJobsHoldTheSameRowsAsTheList() throws Exception {
        String token = Tokens.demoUser("auditor");
        Tokens.demoUser("bob");
        for (String format : List.of("xlsx", "pdf", "json")) {
            JsonNode job = finished(token, start(token, "{\"format\":\"" + format
                    + "\",\"category\":\"authentication\"}").path("id").asText());
            assertThat(job.path("status").asText()).as(format).isEqualTo("Completed");
            byte[] body = AuditApi.bytes(DEMO, "exports/" + job.path("id").asText() + "/download", token).body();
            List<JsonNode> listed = listed(token, job, "&category=authentication");
            assertThat(listed).isNotEmpty();
            switch (format) {
                case "xlsx" -> {
                    try (org.dhatim.fastexcel.reader.ReadableWorkbook book =
                                 new org.dhatim.fastexcel.reader.ReadableWorkbook(new ByteArrayInputStream(body))) {
                        List<org.dhatim.fastexcel.reader.Row> rows = book.getFirstSheet().read();
                        assertThat(rows).hasSize(listed.size() + 1);
                        for (int i = 0; i < listed.size(); i++) {
                            assertThat(rows.get(i + 1).getCellText(5))
                                    .isEqualTo(listed.get(i).path("resource").path("id").asText());
                        }
                    }
                }
                case "pdf" -> {
                    try (org.apache.pdfbox.pdmodel.PDDocument pdf = org.apache.pdfbox.Loader.loadPDF(body)) {
                        String text = new org.apache.pdfbox.text.PDFTextStripper().getText(pdf);
                        for (JsonNode entry : listed) {
                            assertThat(text).contains(Times.iso(entry.path("time").asLong()));
                        }
                    }
                }
                default -> {
                    List<String> ids = new ArrayList<>();
                    for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
                        ids.add(JSON.readTree(line).path("id").asText());
                    }
                    assertThat(ids).isEqualTo(listed.stream().map(e -> e.path("id").asText()).toList());
                }
            }
        }
    }

    @Test
    void organizationAdminsSeeAndDownloadOnlyTheirOwnJobsWithinTheirScope() throws Exception {
        String acmeAdmin = Tokens.demoUser("acme-admin");
        String globexAdmin = Tokens.demoUser("globex-admin");
        String auditor = Tokens.demoUser("auditor");
        String acme = Admin.demo().organizations().getAll().stream().filter(o -> o.getAlias().equals("acme"))
                .findFirst().orElseThrow().getId();
        String id = start(acmeAdmin, "{\"name\":\"acme review\",\"format\":\"json\"}").path("id").asText();
        JsonNode job = finished(acmeAdmin, id);
        assertThat(job.path("status").asText()).isEqualTo("Completed");
        byte[] body = AuditApi.bytes(DEMO, "exports/" + id + "/download", acmeAdmin).body();
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\n");
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            assertThat(JSON.readTree(line).path("organizations").findValuesAsText("id")).contains(acme);
        }
        assertThat(lines.length).isEqualTo(listed(acmeAdmin, job, "").size());

        assertThat(AuditApi.get(DEMO, "exports/" + id, globexAdmin).status()).isEqualTo(404);
        assertThat(AuditApi.bytes(DEMO, "exports/" + id + "/download", globexAdmin).statusCode()).isEqualTo(404);
        assertThat(AuditApi.delete(DEMO, "exports/" + id, globexAdmin).status()).isEqualTo(404);
        assertThat(ids(AuditApi.get(DEMO, "exports", globexAdmin).body())).doesNotContain(id);
        assertThat(AuditApi.get(DEMO, "exports?all=true", globexAdmin).status()).isEqualTo(400);
        assertThat(AuditApi.get(DEMO, "exports", Tokens.demoUser("dave")).status()).isEqualTo(403);
        assertThat(AuditApi.post(DEMO, "exports", Tokens.demoUser("dave"), "{}").status()).isEqualTo(403);

        assertThat(ids(AuditApi.get(DEMO, "exports", auditor).body())).doesNotContain(id);
        assertThat(ids(AuditApi.get(DEMO, "exports?all=true", auditor).body())).contains(id);
        assertThat(AuditApi.bytes(DEMO, "exports/" + id + "/download", auditor).statusCode()).isEqualTo(200);
    }

    private static List<String> ids(JsonNode jobs) {
        List<String> ids = new ArrayList<>();
        jobs.forEach(j -> ids.add(j.path("id").asText()));
        return ids;
    }

    @Test
    void deletingAJobRemovesItsFileAndIsAudited() throws Exception {
        String token = Tokens.demoUser("auditor");
        String id = start(token, "{\"name\":\"to delete\",\"format\":\"csv\"}").path("id").asText();
        finished(token, id);
        assertThat(AuditApi.delete(DEMO, "exports/" + id, token).status()).isEqualTo(204);
        assertThat(AuditApi.get(DEMO, "exports/" + id, token).status()).isEqualTo(404);
        assertThat(AuditApi.bytes(DEMO, "exports/" + id + "/download", token).statusCode()).isEqualTo(404);
        assertThat(AuditApi.newestDemo("audit.export.deleted", "to delete").path("details").path("jobId").asText())
                .isEqualTo(id);
    }

    @Test
    void badRequestsAreFourHundredsNamingTheField() {
        String token = Tokens.demoUser("auditor");
        assertBad(token, "{\"format\":\"docx\"}", "format");
        assertBad(token, "{\"name\":\"" + "x".repeat(201) + "\"}", "name");
        assertBad(token, "{\"name\":42}", "name");
        assertBad(token, "{\"colour\":\"red\"}", "colour");
        assertBad(token, "{\"category\":[\"nope\"]}", "category");
        assertBad(token, "{\"category\":{\"a\":1}}", "category");
        assertBad(token, "{\"from\":\"2020-01-01\",\"to\":\"2026-01-01\"}", "from");
        assertBad(token, "{\"from\":\"yesterday\"}", "from");
        assertBad(token, "[1,2]", "body");
        assertBad(token, "not json", "body");
        assertThat(AuditApi.get(DEMO, "exports/" + UUID.randomUUID(), token).status()).isEqualTo(404);
        assertThat(AuditApi.get(DEMO, "exports?all=maybe", token).body().path("parameter").asText()).isEqualTo("all");
    }

    private static void assertBad(String token, String body, String parameter) {
        AuditApi.Reply reply = AuditApi.post(DEMO, "exports", token, body);
        assertThat(reply.status()).as(body).isEqualTo(400);
        assertThat(reply.body().path("parameter").asText()).as(body).isEqualTo(parameter);
        assertThat(reply.body().path("message").asText()).as(body).isNotBlank();
    }

    /** A node that died mid-job leaves a Running row whose heartbeat stops: another run resumes or fails it. */
    @Test
    void jobsOfADeadNodeResumeOrFailVisiblyAndExpiredFilesGo() throws Exception {
        Sql.assumeReachable();
        String token = Tokens.demoUser("auditor");
        String auditorId = Admin.demo().users().search("auditor", true).get(0).getId();
        long old = System.currentTimeMillis() - 3_600_000;
        String now = java.time.Instant.now().toString();
        String params = "{\"category\":[\"authentication\"],\"from\":[\"2020-01-01T00:00:00Z\"],\"to\":[\"" + now + "\"]}";
        String resumed = insertJob(auditorId, "Running", 1, old, params);
        String pending = insertJob(auditorId, "Pending", 0, old, params);
        String givenUp = insertJob(auditorId, "Running", 3, old, params);

        JsonNode resumedJob = finished(token, resumed);
        assertThat(resumedJob.path("status").asText()).isEqualTo("Completed");
        assertThat(resumedJob.path("attempts").asInt()).isEqualTo(2);
        assertThat(resumedJob.path("rowCount").asLong()).isPositive();
        assertThat(AuditApi.bytes(DEMO, "exports/" + resumed + "/download", token).statusCode()).isEqualTo(200);
        assertThat(finished(token, pending).path("status").asText()).isEqualTo("Completed");
        JsonNode failed = finished(token, givenUp);
        assertThat(failed.path("status").asText()).isEqualTo("Failed");
        assertThat(failed.path("error").asText()).contains("Interrupted 3 times");

        Sql.update("UPDATE AUDIT_EXPORT_JOB SET EXPIRES_TIME = ? WHERE ID = ?", old, resumed);
        for (int i = 0; i < 100 && AuditApi.get(DEMO, "exports/" + resumed, token).status() == 200; i++) {
            Thread.sleep(200);
        }
        assertThat(AuditApi.get(DEMO, "exports/" + resumed, token).status()).isEqualTo(404);
    }

    private String insertJob(String userId, String status, int attempts, long time, String params) {
        String id = UUID.randomUUID().toString();
        Sql.update("INSERT INTO AUDIT_EXPORT_JOB (ID, REALM_ID, NAME, FORMAT, FILE_NAME, PARAMS_JSON, REQUESTED_BY_ID,"
                        + " REQUESTED_BY, STATUS, ROW_COUNT, SIZE_BYTES, CHUNKS, ATTEMPTS, NODE, CREATED_TIME,"
                        + " STARTED_TIME, HEARTBEAT_TIME) VALUES (?, ?, ?, 'csv', 'interrupted.csv', ?, ?, 'auditor', ?,"
                        + " 0, 0, 0, ?, 'a-node-that-died', ?, ?, ?)",
                id, demo.getId(), "interrupted " + status + " " + attempts, params, userId, status, attempts, time, time,
                time);
        return id;
    }
}
