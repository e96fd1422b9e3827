package dev.kcaudit.audit.store.jpa.entity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.keycloak.connections.jpa.AsynchronousCommitAllowed;

/**
 * Keycloak 26.7 commits a transaction without waiting for PostgreSQL's WAL flush when every entity it writes
 * implements {@link AsynchronousCommitAllowed} (its events and sessions do). None of ours may: a token's or a login's
 * entry must survive a database crash once the request has answered (docs/events.md, docs/benchmarks.md section 7).
 * The interface exists from 26.7 only, so implementing it would also keep the entities from loading on 26.4 and 26.5.
 */
class DurableCommitTest {

    @Test
    void noEntityOfOursLetsKeycloakCommitItWithoutWaitingForTheDisk() {
        var entities = new AuditJpaEntityProvider().getEntities();
        assertThat(entities).contains(AuditEntryEntity.class, AuditEntryChainEntity.class, AuditEntryOrgEntity.class);
        for (Class<?> entity : entities) {
            assertThat(AsynchronousCommitAllowed.class.isAssignableFrom(entity)).as(entity.getSimpleName()).isFalse();
        }
    }
}
