package dev.kcaudit.audit.store.jpa.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Keycloak 26.7 commits a transaction without waiting for PostgreSQL's WAL flush when every entity it writes
 * implements {@code AsynchronousCommitAllowed} (its events and sessions do). None of ours may: a token's or a login's
 * entry must survive a database crash once the request has answered (docs/events.md, docs/benchmarks.md section 7).
 */
class DurableCommitTest {

    private static final String ASYNC_COMMIT_ALLOWED = "org.keycloak.connections.jpa.AsynchronousCommitAllowed";

    @Test
    void noEntityOfOursLetsKeycloakCommitItWithoutWaitingForTheDisk() {
        var entities = new AuditJpaEntityProvider().getEntities();
        assertThat(entities).contains(AuditEntryEntity.class, AuditEntryChainEntity.class, AuditEntryOrgEntity.class);
        for (Class<?> entity : entities) {
            assertThat(interfacesOf(entity)).as(entity.getSimpleName()).doesNotContain(ASYNC_COMMIT_ALLOWED);
        }
    }

    @Test
    void theCheckSeesAnInterfaceInheritedThroughAnother() {
        assertThat(interfacesOf(java.util.ArrayList.class)).contains("java.util.Collection", "java.lang.Iterable");
    }

    /** Every interface the class or its superclasses implement, directly or through another interface, by name. */
    private static Set<String> interfacesOf(Class<?> type) {
        Set<String> names = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            todo.addAll(java.util.List.of(c.getInterfaces()));
        }
        while (!todo.isEmpty()) {
            Class<?> next = todo.pop();
            if (names.add(next.getName())) {
                todo.addAll(java.util.List.of(next.getInterfaces()));
            }
        }
        return names;
    }
}
