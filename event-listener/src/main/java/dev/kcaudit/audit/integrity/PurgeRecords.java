package dev.kcaudit.audit.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.store.SealStore;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import org.keycloak.util.JsonSerialization;

/**
 * A realm's {@code audit.purged} entries, by the seal they name: what verify holds each purged seal against. The
 * entries are part of the hash chain, so their details are as trustworthy as the chain itself.
 */
final class PurgeRecords {

    /** One purge as its entry recorded it; {@code retentionDays} and {@code legalHold} are null in older records. */
    record Record(String entryId, long time, long firstSeal, long lastSeal, long entries, long before,
                  Integer retentionDays, Boolean legalHold) {
    }

    private final Map<Long, Record> bySeal = new HashMap<>();

    private PurgeRecords() {
    }

    static PurgeRecords of(SealStore seals, String realmId) {
        PurgeRecords records = new PurgeRecords();
        for (SealStore.EntryRecord row : seals.records(realmId, AuditAction.AUDIT_PURGED.id())) {
            Record record = parse(row.id(), row.time(), row.detailsJson());
            for (long no = record == null ? 1 : record.firstSeal(); record != null && no <= record.lastSeal(); no++) {
                records.bySeal.put(no, record);
            }
        }
        return records;
    }

    Record forSeal(long sealNo) {
        return bySeal.get(sealNo);
    }

    private static Record parse(String id, long time, String json) {
        try {
            JsonNode d = JsonSerialization.mapper.readTree(json == null ? "{}" : json);
            String[] seals = d.path("seals").asText("").split("-");
            if (seals.length != 2 || !d.hasNonNull("before")) {
                return null;
            }
            return new Record(id, time, Long.parseLong(seals[0]), Long.parseLong(seals[1]), d.path("entries").asLong(),
                    Instant.parse(d.path("before").asText()).toEpochMilli(),
                    d.hasNonNull("retentionDays") ? d.path("retentionDays").asInt() : null,
                    d.hasNonNull("legalHold") ? d.path("legalHold").asBoolean() : null);
        } catch (IOException | NumberFormatException | DateTimeParseException e) {
            return null;
        }
    }
}
