package dev.kcaudit.audit.api.representation;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kcaudit.audit.view.EntryRepresentation;
import java.util.List;

/** One page of entries, with opaque cursors to the pages before and after it (null at either end). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PageRepresentation(List<EntryRepresentation> entries, String next, String prev, int max) {
}
