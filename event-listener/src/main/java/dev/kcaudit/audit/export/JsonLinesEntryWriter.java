package dev.kcaudit.audit.export;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.kcaudit.audit.model.AuditEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Function;
import org.keycloak.util.JsonSerialization;

/** JSON Lines: one full entry (the API's JSON shape) per line. */
public final class JsonLinesEntryWriter implements EntryWriter {

    private final JsonGenerator json;
    private final Function<AuditEntry, Object> representation;

    public JsonLinesEntryWriter(OutputStream out, Function<AuditEntry, Object> representation) throws IOException {
        this.json = JsonSerialization.mapper.getFactory().createGenerator(out);
        this.json.setRootValueSeparator(null);
        this.representation = representation;
    }

    @Override
    public void write(AuditEntry entry) throws IOException {
        JsonSerialization.mapper.writeValue(json, representation.apply(entry));
        json.writeRaw('\n');
    }

    @Override
    public void close() throws IOException {
        json.close();
    }
}
