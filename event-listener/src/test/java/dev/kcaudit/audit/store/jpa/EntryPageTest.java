package dev.kcaudit.audit.store.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcaudit.audit.model.IpKey;
import dev.kcaudit.audit.store.AuditFilter;
import dev.kcaudit.audit.store.jpa.EntryHql.ActorColumn;
import dev.kcaudit.audit.store.jpa.EntryPage.Key;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EntryPageTest {

    private static final String A = "0b1c2d3e-0000-4000-8000-000000000001";
    private static final String B = "0b1c2d3e-0000-4000-8000-00000000000a";
    private static final String C = "f0000000-0000-4000-8000-000000000000";

    @Test
    void orderedReadsMergeNewestFirstWithTiesBrokenByIdAndEachEntryOnce() {
        // By id: 30/C, 20/B, 20/A, 10/A; by username: 20/A again (one entry matching both), 15/C.
        List<Key> reads = List.of(new Key(C, 30), new Key(B, 20), new Key(A, 20), new Key("0a", 10),
                new Key(A, 20), new Key("0c", 15));
        assertThat(EntryPage.merge(reads, false, 0, 10)).extracting(Key::time).containsExactly(30L, 20L, 20L, 15L, 10L);
        assertThat(EntryPage.merge(reads, false, 0, 10).subList(1, 3)).extracting(Key::id).containsExactly(B, A);
        assertThat(EntryPage.merge(reads, true, 0, 10)).extracting(Key::id).containsExactly("0a", "0c", A, B, C);
    }

    @Test
    void anOffsetAndALimitApplyToTheMergedOrder() {
        List<Key> reads = List.of(new Key(C, 30), new Key(B, 20), new Key(A, 10), new Key(A, 10));
        assertThat(EntryPage.merge(reads, false, 1, 1)).containsExactly(new Key(B, 20));
        assertThat(EntryPage.merge(reads, false, 3, 5)).isEmpty();
    }

    @Test
    void eachActorReadMatchesOneColumnAndTheirShapesAreStable() {
        AuditFilter f = new AuditFilter("realm", 1_000, 2_000, Set.of(), Set.of(), Set.of(), Set.of("Alice"),
                Set.of(), List.<IpKey.Range>of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), List.of(), null);
        assertThat(EntryHql.matching(f, true, ActorColumn.ID).text("e.id")).contains("(e.actorId = :p4)")
                .doesNotContain("actorUsername", "actorEmail");
        assertThat(EntryHql.matching(f, true, ActorColumn.USERNAME).text("e.id")).contains("(e.actorUsername = :p4)")
                .doesNotContain("actorId", "actorEmail");
        assertThat(EntryHql.matching(f, true, ActorColumn.EMAIL).parameters()).containsValue("alice")
                .doesNotContainValue("Alice");
        assertThat(EntryHql.matching(f, true).text("e.id"))
                .contains("e.actorId = :p4 or e.actorUsername = :p5 or e.actorEmail = :p6");
    }
}
