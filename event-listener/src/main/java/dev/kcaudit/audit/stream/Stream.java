package dev.kcaudit.audit.stream;

import java.util.Set;

/**
 * A destination of a realm.
 *
 * @param scope     null: the whole realm; else the organizations whose entries it may send (an organization
 *                  admin's stream), enforced on every batch, replay and test event
 * @param createdBy the user who created it: an organization-scoped stream sends only while they administer its
 *                  organizations
 */
public record Stream(String id, String realmId, String name, StreamType type, StreamConfig config,
                     Set<String> scope, boolean paused, String createdBy, long created, long updated) {

    public Stream {
        scope = scope == null ? null : Set.copyOf(scope);
    }
}
