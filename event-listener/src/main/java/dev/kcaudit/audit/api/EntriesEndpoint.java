package dev.kcaudit.audit.api;

import dev.kcaudit.audit.api.representation.CountRepresentation;
import dev.kcaudit.audit.api.representation.PageRepresentation;
import dev.kcaudit.audit.i18n.AuditMessages;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.query.Cursors;
import dev.kcaudit.audit.query.EntryQuery;
import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.store.PageRequest;
import dev.kcaudit.audit.view.EntryRepresentation;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.keycloak.models.RealmModel;

/** Lists and counts entries for a parsed query: keyset pages in both directions, or offsets. */
final class EntriesEndpoint {

    static final long COUNT_LIMIT = 10_000;

    private final AuditStore store;
    private final RealmModel realm;
    private final AuditMessages messages;

    /** @param messages the caller's language, for the entries' category and action labels */
    EntriesEndpoint(AuditStore store, RealmModel realm, AuditMessages messages) {
        this.store = store;
        this.realm = realm;
        this.messages = messages;
    }

    Response page(EntryQuery query, UriBuilder self) {
        PageRequest request = query.page();
        List<AuditEntry> rows = new ArrayList<>(store.find(query.filter(), request));
        boolean more = rows.size() > request.max();
        if (more) {
            rows = new ArrayList<>(rows.subList(0, request.max()));
        }
        if (request.backwards()) {
            Collections.reverse(rows);
        }
        boolean atStart = request.position() == null && request.first() == 0;
        String next = null;
        String prev = null;
        if (!rows.isEmpty()) {
            AuditEntry firstRow = rows.get(0);
            AuditEntry lastRow = rows.get(rows.size() - 1);
            boolean hasNext = request.backwards() || more;
            boolean hasPrev = request.backwards() ? more : !atStart;
            next = hasNext ? Cursors.encode(query.fingerprint(), store.position(lastRow, request.sort()), false) : null;
            prev = hasPrev ? Cursors.encode(query.fingerprint(), store.position(firstRow, request.sort()), true) : null;
        }
        List<EntryRepresentation> entries = rows.stream()
                .map(e -> EntryRepresentation.of(e, realm.getName(), messages)).toList();
        Response.ResponseBuilder response = Response.ok(new PageRepresentation(entries, next, prev, request.max()));
        List<String> links = new ArrayList<>();
        if (next != null) {
            links.add("<" + self.clone().replaceQueryParam("first").replaceQueryParam("cursor", next).build()
                    + ">; rel=\"next\"");
        }
        if (prev != null) {
            links.add("<" + self.clone().replaceQueryParam("first").replaceQueryParam("cursor", prev).build()
                    + ">; rel=\"prev\"");
        }
        if (!links.isEmpty()) {
            response.header("Link", String.join(", ", links));
        }
        return response.build();
    }

    CountRepresentation count(EntryQuery query) {
        long counted = store.count(query.filter(), COUNT_LIMIT + 1);
        return counted > COUNT_LIMIT ? new CountRepresentation(COUNT_LIMIT, false, COUNT_LIMIT)
                : new CountRepresentation(counted, true, COUNT_LIMIT);
    }
}
