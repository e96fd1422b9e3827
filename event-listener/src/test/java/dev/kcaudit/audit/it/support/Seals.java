package dev.kcaudit.audit.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** The integrity report of a realm, as a master admin reads it, and waiting until what was written is sealed. */
public final class Seals {

    private Seals() {
    }

    public static JsonNode verify(String realm) {
        AuditApi.Reply reply = AuditApi.get(realm, "verify?full=true", Tokens.masterAdmin());
        assertThat(reply.status()).as("verify: %s", reply.body()).isEqualTo(200);
        return reply.body();
    }

    /** Waits (up to 20 s) until everything written so far is sealed; returns the report. */
    public static JsonNode sealed(String realm) throws InterruptedException {
        JsonNode report = verify(realm);
        for (int i = 0; i < 100 && report.path("entriesNotYetSealed").asLong() > 0; i++) {
            Thread.sleep(200);
            report = verify(realm);
        }
        assertThat(report.path("entriesNotYetSealed").asLong()).as("sealed: %s", report).isZero();
        return report;
    }
}
