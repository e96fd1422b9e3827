package dev.kcaudit.audit.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcaudit.audit.query.EntryQuery;
import dev.kcaudit.audit.query.HistogramShape;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** docs/openapi.json must describe exactly the endpoints and parameters the code serves. */
class OpenApiDocTest {

    private static JsonNode doc() throws Exception {
        return new ObjectMapper().readTree(java.nio.file.Path.of("..", "docs", "openapi.json").toFile());
    }

    @Test
    void everyEndpointIsDocumentedAndNothingElse() throws Exception {
        Set<String> code = new TreeSet<>();
        endpoints(AuditLogResource.class, "", code);
        Set<String> documented = new TreeSet<>();
        doc().path("paths").properties().forEach(p -> p.getValue().properties()
                .forEach(op -> documented.add(op.getKey() + " " + p.getKey())));
        assertThat(documented).isEqualTo(code);
    }

    /** Each resource method; a sub-resource locator (a path and no verb) contributes its class's methods. */
    private static void endpoints(Class<?> resource, String prefix, Set<String> code) {
        for (Method m : resource.getDeclaredMethods()) {
            Path path = m.getAnnotation(Path.class);
            boolean verb = m.isAnnotationPresent(GET.class) || m.isAnnotationPresent(PUT.class)
                    || m.isAnnotationPresent(jakarta.ws.rs.POST.class) || m.isAnnotationPresent(jakarta.ws.rs.DELETE.class);
            String full = prefix + (path == null ? "" : "/" + path.value());
            if (!verb && path != null) {
                endpoints(m.getReturnType(), full, code);
            } else if (verb) {
                String name = m.isAnnotationPresent(GET.class) ? "get" : m.isAnnotationPresent(PUT.class) ? "put"
                        : m.isAnnotationPresent(jakarta.ws.rs.POST.class) ? "post" : "delete";
                code.add(name + " " + full);
            }
        }
    }

    @Test
    void listAndCountDocumentExactlyTheParametersTheParserAccepts() throws Exception {
        assertThat(params("/entries")).isEqualTo(new TreeSet<>(EntryQuery.listParams()));
        assertThat(params("/entries/count")).isEqualTo(new TreeSet<>(EntryQuery.FILTER_PARAMS));
        assertThat(params("/entries/histogram")).isEqualTo(new TreeSet<>(HistogramShape.PARAMS));
        assertThat(params("/facets")).containsExactly("actor");
        assertThat(params("/feed")).isEqualTo(new TreeSet<>(FeedEndpoint.PARAMS));
        assertThat(params("/verify")).isEqualTo(new TreeSet<>(VerifyEndpoint.PARAMS));
        assertThat(params("/verify/seals")).isEqualTo(new TreeSet<>(VerifyEndpoint.SEAL_PARAMS));
        assertThat(params("/export")).isEqualTo(new TreeSet<>(dev.kcaudit.audit.export.ExportRequest.PARAMS));
        Set<String> body = new TreeSet<>();
        doc().path("paths").path("/exports").path("post").path("requestBody").path("content").path("application/json")
                .path("schema").path("properties").fieldNames().forEachRemaining(body::add);
        Set<String> expected = new TreeSet<>(dev.kcaudit.audit.export.ExportRequest.PARAMS);
        expected.add("name");
        assertThat(body).isEqualTo(expected);
    }

    private static Set<String> params(String path) throws Exception {
        Set<String> names = new TreeSet<>();
        doc().path("paths").path(path).path("get").path("parameters").forEach(p -> names.add(p.path("name").asText()));
        return names;
    }

    @Test
    void entrySchemaListsEveryPublicField() throws Exception {
        Set<String> fields = new TreeSet<>();
        doc().path("components").path("schemas").path("Entry").path("properties").fieldNames()
                .forEachRemaining(fields::add);
        Set<String> record = new TreeSet<>(Arrays.stream(
                dev.kcaudit.audit.view.EntryRepresentation.class.getRecordComponents())
                .map(c -> c.getName()).toList());
        assertThat(fields).isEqualTo(record);
    }
}
