package dev.kcaudit.audit.store.jpa;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * An entry's details as stored: parsed only when something looks inside, and written out as JSON as they were
 * stored. A page of the list only passes an entry's details on into its response, so a page parses none of them
 * (docs/benchmarks.md, section 7, measures what parsing and writing them again cost a page). Read-only.
 */
@JsonSerialize(using = StoredDetails.Writer.class)
public final class StoredDetails extends AbstractMap<String, Object> {

    private final String json;
    private Map<String, Object> parsed;

    /** {@code json}: a details column, a JSON object written by {@link EntityConverter}. */
    StoredDetails(String json) {
        this.json = json;
    }

    private Map<String, Object> parsed() {
        if (parsed == null) {
            parsed = EntityConverter.details(json);
        }
        return parsed;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return parsed().entrySet();
    }

    @Override
    public Object get(Object key) {
        return parsed().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return parsed().containsKey(key);
    }

    @Override
    public int size() {
        return parsed().size();
    }

    /** The stored JSON as it is; into a tree or a conversion (a token buffer), the parsed map. */
    public static final class Writer extends StdSerializer<StoredDetails> {

        public Writer() {
            super(StoredDetails.class);
        }

        @Override
        public void serialize(StoredDetails value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (gen instanceof TokenBuffer) {
                provider.defaultSerializeValue(value.parsed(), gen);
            } else {
                gen.writeRawValue(value.json);
            }
        }
    }
}
