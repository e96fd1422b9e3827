package dev.kcaudit.audit.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** The streams API over real HTTP, and the waits stream tests share. */
public final class Streams {

    public static final String DEMO = DemoRealmConfig.REALM;

    private Streams() {
    }

    public static AuditApi.Reply create(String token, String json) {
        return AuditApi.post(DEMO, "streams", token, json);
    }

    public static JsonNode get(String token, String id) {
        AuditApi.Reply r = AuditApi.get(DEMO, "streams/" + id, token);
        assertThat(r.status()).as("GET stream: %s", r.body()).isEqualTo(200);
        return r.body();
    }

    public static void delete(String token, String id) {
        assertThat(AuditApi.delete(DEMO, "streams/" + id, token).status()).isEqualTo(204);
    }

    /** Waits up to {@code seconds} for the condition; fails with the message otherwise. */
    public static void await(int seconds, String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /**
     * The realm's entries since {@code from} numbered above {@code afterSeq}, in sequence order, once every entry
     * since {@code from} has its number (so none can still join the list below the last one).
     */
    public static List<JsonNode> sequencedAfter(String token, long from, long afterSeq) throws InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        await(20, "every entry to be numbered", () -> {
            out.clear();
            AuditApi.Reply page = AuditApi.get(DEMO, "entries?max=1000&order=asc&from=" + Instant.ofEpochMilli(from)
                    + "&to=" + Instant.now().plusSeconds(60), token);
            boolean all = true;
            for (JsonNode e : page.body().path("entries")) {
                if (e.path("integrity").path("seq").isMissingNode() || e.path("integrity").isNull()) {
                    all = false;
                } else if (e.path("integrity").path("seq").asLong() > afterSeq) {
                    out.add(e);
                }
            }
            return all;
        });
        out.sort((a, b) -> Long.compare(a.path("integrity").path("seq").asLong(), b.path("integrity").path("seq").asLong()));
        return out;
    }

    public static List<String> ids(List<JsonNode> entries) {
        return entries.stream().map(e -> e.path("id").asText()).toList();
    }
}
