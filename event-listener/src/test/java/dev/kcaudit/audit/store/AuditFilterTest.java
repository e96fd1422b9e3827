package dev.kcaudit.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kcaudit.audit.model.IpKey;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuditFilterTest {

    private static AuditFilter filter(Set<String> actors, List<String> terms, Set<String> scope) {
        return new AuditFilter("realm", 1_000, 2_000, Set.of(), Set.of(), Set.of(), actors, Set.of(),
                List.<IpKey.Range>of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), terms, scope);
    }

    @Test
    void filtersOnlySeesEveryFilterInUseButNeitherTimeNorScope() {
        assertThat(filter(Set.of(), List.of(), null).filtersOnly(Set.of())).isTrue();
        assertThat(filter(Set.of("alice"), List.of(), Set.of("org")).filtersOnly(Set.of("actors"))).isTrue();
        assertThat(filter(Set.of("alice"), List.of(), null).filtersOnly(Set.of())).isFalse();
        assertThat(filter(Set.of("alice"), List.of("term"), null).filtersOnly(Set.of("actors"))).isFalse();
        assertThat(filter(Set.of(), List.of("term"), null).filtersOnly(Set.of("actors", "terms"))).isTrue();
    }

    @Test
    void aNameThatIsNoFilterIsRefused() {
        assertThatThrownBy(() -> filter(Set.of(), List.of(), null).filtersOnly(Set.of("actor")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
