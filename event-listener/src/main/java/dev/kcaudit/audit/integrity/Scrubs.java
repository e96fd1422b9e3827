package dev.kcaudit.audit.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.chain.Chain;
import dev.kcaudit.audit.store.ChainRow;
import dev.kcaudit.audit.store.ScrubStore;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.util.JsonSerialization;

/**
 * The scrub contract verify keeps: an entry whose content no longer matches its chain link was scrubbed, not
 * tampered with, if and only if an {@code audit.scrubbed} entry of its realm that is itself linked into the chain
 * names it with the SHA-256 of its current canonical form (the latest such record counts). Any later edit changes
 * that digest, and verify reports the entry as modified again. Records are read once per verify, on the first
 * mismatch: a log without one never reads them.
 */
public final class Scrubs {

    private final KeycloakSession session;
    private final String realmId;
    private Map<String, String> digests;

    public Scrubs(KeycloakSession session, String realmId) {
        this.session = session;
        this.realmId = realmId;
    }

    /** Whether the row's current content is what a recorded scrub left. */
    public boolean covers(ChainRow row) {
        String recorded = digests().get(row.id());
        return recorded != null && recorded.equals(Chain.sha256(row.canonical()));
    }

    private Map<String, String> digests() {
        if (digests == null) {
            digests = new HashMap<>();
            for (String details : session.getProvider(ScrubStore.class).scrubRecords(realmId)) {
                read(details).path("entries").forEach(e ->
                        digests.put(e.path("id").asText(), e.path("digest").asText()));
            }
        }
        return digests;
    }

    private static JsonNode read(String json) {
        try {
            return json == null ? JsonSerialization.mapper.nullNode() : JsonSerialization.mapper.readTree(json);
        } catch (IOException e) {
            return JsonSerialization.mapper.nullNode();
        }
    }
}
