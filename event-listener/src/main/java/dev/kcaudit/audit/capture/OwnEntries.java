package dev.kcaudit.audit.capture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Change;
import dev.kcaudit.audit.model.Outcome;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.Source;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Entries for the audit log's own actions (settings changed, exports, purges): the log audits itself. */
public final class OwnEntries {

    private OwnEntries() {
    }

    /** The admin (user or service account) behind an admin request. */
    public static Actor admin(KeycloakSession session, RealmModel authRealm, UserModel user, ClientModel client) {
        return new ContextResolver(session).actor(authRealm, user == null ? null : user.getId(),
                client == null ? null : client.getId(), null);
    }

    public static AuditEntry entry(RealmModel realm, AuditAction action, Actor actor, Resource resource,
                                   List<Change> changes, String ip, Source source, Map<String, Object> details) {
        return new AuditEntry(UUID.randomUUID().toString(), System.currentTimeMillis(), realm.getId(), List.of(),
                action, Outcome.success(), actor, resource, changes, ip, null, source, details);
    }

    /** Field changes between two JSON documents (e.g. settings before and after). */
    public static List<Change> diff(JsonNode before, JsonNode after) {
        return ChangeDiff.diff(before, after);
    }
}
