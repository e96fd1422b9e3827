package dev.kcaudit.audit.store.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcaudit.audit.model.IpKey;
import dev.kcaudit.audit.store.AuditFilter;
import dev.kcaudit.audit.store.PageRequest;
import dev.kcaudit.audit.store.SortKey;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TextByDayTest {

    @Test
    void theRunIsTheLongestStretchOfAsciiLettersAndDigitsThreeOrMoreLong() {
        assertThat(TextByDay.run(List.of("user12"))).isEqualTo("user12");
        // Inside a term: the separators are not letters or digits to pg_trgm either.
        assertThat(TextByDay.run(List.of("alice@acme.test"))).isEqualTo("alice");
        assertThat(TextByDay.run(List.of("ab", "zqxmarker-odd"))).isEqualTo("zqxmarker");
        // A letter pg_trgm might not count as one in the database's locale ends the run: whichever it is, the run's
        // trigrams are among the entry's.
        assertThat(TextByDay.run(List.of("müller"))).isEqualTo("ller");
        assertThat(TextByDay.run(List.of("müß"))).isNull();
        assertThat(TextByDay.run(List.of("ab", "10.0.0.1", "é"))).isNull();
    }

    @Test
    void onlyPagesInTimeOrderFromTheStartOrACursorWithARunGoByDay() {
        PageRequest first = new PageRequest(SortKey.TIME, false, 50, 0, null, false);
        assertThat(TextByDay.applies(filter(List.of("user12")), first)).isTrue();
        assertThat(TextByDay.applies(filter(List.of("user12")),
                new PageRequest(SortKey.TIME, true, 50, 0, new PageRequest.Position(null, 5, "x"), true))).isTrue();
        assertThat(TextByDay.applies(filter(List.of()), first)).isFalse();
        assertThat(TextByDay.applies(filter(List.of("ab")), first)).isFalse();
        assertThat(TextByDay.applies(filter(List.of("user12")), new PageRequest(SortKey.TIME, false, 50, 50, null, false)))
                .as("a page by offset").isFalse();
        assertThat(TextByDay.applies(filter(List.of("user12")), new PageRequest(SortKey.ACTOR, false, 50, 0, null, false)))
                .as("another sort").isFalse();
        AuditFilter withActor = new AuditFilter("realm", 1_000, 2_000, Set.of(), Set.of(), Set.of(), Set.of("alice"),
                Set.of(), List.<IpKey.Range>of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
                List.of("user12"), null);
        assertThat(TextByDay.applies(withActor, first)).as("an actor's own index is narrower").isFalse();
        AuditFilter withCategory = new AuditFilter("realm", 1_000, 2_000, Set.of("users"), Set.of(), Set.of(),
                Set.of(), Set.of(), List.<IpKey.Range>of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
                List.of("user12"), null);
        assertThat(TextByDay.applies(withCategory, first)).isTrue();
    }

    private static AuditFilter filter(List<String> terms) {
        return new AuditFilter("realm", 1_000, 2_000, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
                List.<IpKey.Range>of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), terms, null);
    }
}
