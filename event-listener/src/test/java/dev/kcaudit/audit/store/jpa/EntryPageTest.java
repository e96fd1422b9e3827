package dev.kcaudit.audit.store.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcaudit.audit.model.IpKey;
import dev.kcaudit.audit.store.AuditFilter;
import dev.kcaudit.audit.store.PageRequest;
import dev.kcaudit.audit.store.SortKey;
import dev.kcaudit.audit.store.jpa.EntryHql.ActorColumn;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class EntryPageTest {

    private static final Predicate<String> RARE = category -> false;
    private static final Predicate<String> COMMON = category -> true;

    @Test
    void eachActorReadMatchesOneColumnAndTheirShapesAreStable() {
        AuditFilter f = new AuditFilter("realm", 1_000, 2_000, Set.of(), Set.of(), Set.of(), Set.of("Alice"),
                Set.of(), List.<IpKey.Range>of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), List.of(), null);
        assertThat(EntryHql.matching(f, true, ActorColumn.ID).text("e.id")).contains("(e.actorId = :id4)")
                .doesNotContain("actorUsername", "actorEmail");
        assertThat(EntryHql.matching(f, true, ActorColumn.USERNAME).text("e.id")).contains("(e.actorUsername = :username4)")
                .doesNotContain("actorId", "actorEmail");
        assertThat(EntryHql.matching(f, true, ActorColumn.EMAIL).parameters()).containsValue("alice")
                .doesNotContainValue("Alice");
        assertThat(EntryHql.matching(f, true).text("e.id"))
                .contains("e.actorId = :p4 or e.actorUsername = :p5 or e.actorEmail = :p6");
    }

    @Test
    void theActorReadsAreOneStatementWhoseBranchesKeepTheirParametersApart() {
        AuditFilter f = new AuditFilter("realm", 1_000, 2_000, Set.of(), Set.of(), Set.of(), Set.of("alice"),
                Set.of(), List.<IpKey.Range>of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), List.of(), null);
        List<EntryHql> reads = Arrays.stream(ActorColumn.values()).map(c -> EntryHql.matching(f, true, c)).toList();
        Set<String> names = new HashSet<>();
        reads.forEach(r -> names.addAll(r.parameters().keySet()));
        assertThat(names).hasSize(reads.stream().mapToInt(r -> r.parameters().size()).sum());
        String text = EntryPage.inAnyOf(reads, false);
        assertThat(text.split(" union all ")).hasSize(3).allMatch(branch -> branch.contains(" limit :n)"));
        assertThat(text).contains(":id1", ":username1", ":email1").endsWith("order by x.time desc, x.id desc");
        assertThat(EntryPage.inAnyOf(reads, true)).endsWith("order by x.time asc, x.id asc");
    }

    @Test
    void theActorReadWithNoOtherFilterInTheWholeRealmKeepsAPlanMadeOnce() {
        PageRequest byTime = new PageRequest(SortKey.TIME, false, 50, 0, null, false);
        assertThat(EntryPage.planFixedByShape(actor(Set.of(), List.of(), null), byTime, RARE)).isTrue();
        // A rare category gives the database a choice of index that depends on the values (a busy actor's walk can be
        // long where the category's index is short).
        assertThat(EntryPage.planFixedByShape(actor(Set.of("authentication"), List.of(), null), byTime, RARE)).isFalse();
        assertThat(EntryPage.planFixedByShape(actor(Set.of(), List.of("term"), null), byTime, RARE)).isFalse();
        // An organization admin's read goes through the scope tags.
        assertThat(EntryPage.planFixedByShape(actor(Set.of(), List.of(), Set.of("org")), byTime, RARE)).isFalse();
        // Not the actor read: sorted by another column, or no actor.
        assertThat(EntryPage.planFixedByShape(actor(Set.of(), List.of(), null),
                new PageRequest(SortKey.ACTION, false, 50, 0, null, false), RARE)).isFalse();
    }

    @Test
    void aPageOfTheWholeRealmOnOneIndexKeepsAPlanMadeOnceWithItsSizeInTheText() {
        PageRequest byTime = new PageRequest(SortKey.TIME, false, 50, 0, null, false);
        assertThat(EntryPage.planFixedByShape(dateOnly(null), byTime, RARE)).isTrue();
        assertThat(EntryPage.byOneIndex(dateOnly(null), byTime)).isTrue();
        // An offset is a parameter the plan would not know; a cursor is not.
        assertThat(EntryPage.planFixedByShape(dateOnly(null), new PageRequest(SortKey.TIME, false, 50, 100, null, false), RARE))
                .isFalse();
        assertThat(EntryPage.planFixedByShape(dateOnly(null), new PageRequest(SortKey.TIME, false, 50, 0,
                new PageRequest.Position(null, 1_500, "id"), false), RARE)).isTrue();
        // One value of a filter with its own (realm, column, time) index walks that index.
        assertThat(EntryPage.planFixedByShape(withCategories(Set.of("users")), byTime, RARE)).isTrue();
        // Another order, two values, two filters, a filter without its own index, or a scope: the best plan depends
        // on the values.
        assertThat(EntryPage.planFixedByShape(dateOnly(null), new PageRequest(SortKey.ACTION, false, 50, 0, null, false), RARE))
                .isFalse();
        assertThat(EntryPage.planFixedByShape(withCategories(Set.of("users", "roles")), byTime, RARE)).isFalse();
        assertThat(EntryPage.planFixedByShape(actor(Set.of("authentication"), List.of(), null), byTime, RARE)).isFalse();
        assertThat(EntryPage.planFixedByShape(new AuditFilter("realm", 1_000, 2_000, Set.of(), Set.of(), Set.of(),
                Set.of(), Set.of(), List.<IpKey.Range>of(), Set.of(), Set.of(), Set.of("failure"), Set.of(), Set.of(),
                Set.of(), List.of(), null), byTime, RARE)).isFalse();
        assertThat(EntryPage.planFixedByShape(dateOnly(Set.of("org")), byTime, RARE)).isFalse();
        EntryHql read = EntryHql.matching(dateOnly(null), true).orderBy(SortKey.TIME, false).limit(51);
        assertThat(read.text("e")).endsWith("order by e.time desc, e.id desc limit 51");
    }

    @Test
    void anActorIdIsOneColumnOnItsOwnIndexNotTheThreeColumnRead() {
        PageRequest byTime = new PageRequest(SortKey.TIME, false, 50, 0, null, false);
        AuditFilter byId = withActorIds(Set.of(), Set.of("user-7"));
        assertThat(EntryHql.matching(byId, true).text("e.id")).contains("e.actorId = :p")
                .doesNotContain("actorUsername", "actorEmail");
        // Alone, it walks (realm, actor id, time) and stops at the page, whatever the value.
        assertThat(EntryPage.byOneIndex(byId, byTime)).isTrue();
        // Beside another indexed filter, or with two ids, the best index depends on the values.
        assertThat(EntryPage.planFixedByShape(withActorIds(Set.of("authentication"), Set.of("user-7")), byTime, RARE))
                .isFalse();
        assertThat(EntryPage.planFixedByShape(withActorIds(Set.of(), Set.of("user-7", "user-8")), byTime, RARE)).isFalse();
    }

    @Test
    void oneActorWithACommonCategoryAndOneOutcomeKeepsAPlanMadeOnce() {
        PageRequest byTime = new PageRequest(SortKey.TIME, false, 50, 0, null, false);
        AuditFilter threeFilters = new AuditFilter("realm", 1_000, 2_000, Set.of("authentication"), Set.of(), Set.of(),
                Set.of("alice"), Set.of(), List.<IpKey.Range>of(), Set.of(), Set.of(), Set.of("success"), Set.of(),
                Set.of(), Set.of(), List.of(), null);
        // The actor's index ends with (time, id): walking it gives the page in order, whatever the values.
        assertThat(EntryPage.planFixedByShape(threeFilters, byTime, COMMON)).isTrue();
        assertThat(EntryPage.planFixedByShape(withActorIds(Set.of("authentication"), Set.of("user-7")), byTime, COMMON))
                .isTrue();
        // Only the category's share is asked, and only that category.
        Set<String> asked = new HashSet<>();
        EntryPage.planFixedByShape(threeFilters, byTime, c -> asked.add(c));
        assertThat(asked).containsExactly("authentication");
        // A rare category, two categories, two outcomes, two actors, another filter or a scope: planned for the values.
        assertThat(EntryPage.planFixedByShape(threeFilters, byTime, RARE)).isFalse();
        assertThat(EntryPage.planFixedByShape(withActorIds(Set.of("users", "roles"), Set.of("user-7")), byTime, COMMON))
                .isFalse();
        assertThat(EntryPage.planFixedByShape(new AuditFilter("realm", 1_000, 2_000, Set.of(), Set.of(), Set.of(),
                Set.of("alice"), Set.of(), List.<IpKey.Range>of(), Set.of(), Set.of(), Set.of("success", "failure"),
                Set.of(), Set.of(), Set.of(), List.of(), null), byTime, COMMON)).isFalse();
        assertThat(EntryPage.planFixedByShape(new AuditFilter("realm", 1_000, 2_000, Set.of("authentication"),
                Set.of(), Set.of(), Set.of("alice"), Set.of(), List.<IpKey.Range>of(), Set.of(), Set.of(), Set.of(),
                Set.of(), Set.of(), Set.of(), List.of(), null, Set.of(), Set.of("user-7")), byTime, COMMON)).isFalse();
        assertThat(EntryPage.planFixedByShape(actor(Set.of("authentication"), List.of("term"), null), byTime, COMMON))
                .isFalse();
        assertThat(EntryPage.planFixedByShape(actor(Set.of("authentication"), List.of(), Set.of("org")), byTime,
                COMMON)).isFalse();
        assertThat(EntryPage.planFixedByShape(threeFilters, new PageRequest(SortKey.ACTION, false, 50, 0, null, false),
                COMMON)).isFalse();
    }

    @Test
    void aCategoryIsCommonByItsShareOfTheCountedEntries() {
        assertThat(CategoryShares.shares(Map.of("authentication", 850L, "users", 150L)))
                .containsEntry("authentication", 0.85).containsEntry("users", 0.15);
        assertThat(CategoryShares.shares(Map.of())).isEmpty();
        assertThat(CategoryShares.shares(Map.of("users", 0L))).isEmpty();
    }

    @Test
    void oneIpAddressIsOneValueOfItsIndexAndABlockIsNot() {
        PageRequest byTime = new PageRequest(SortKey.TIME, false, 50, 0, null, false);
        IpKey.Range address = IpKey.range("11.1.5.5");
        IpKey.Range block = IpKey.range("11.1.0.0/16");
        assertThat(EntryHql.matching(withIps(Set.of(), List.of(address)), true).text("e.id")).contains("e.ipKey = :p")
                .doesNotContain("between");
        // One address walks (realm, IP key, time, id) newest first and stops at the page, whatever the address.
        assertThat(EntryPage.byOneIndex(withIps(Set.of(), List.of(address)), byTime)).isTrue();
        assertThat(EntryPage.planFixedByShape(withIps(Set.of(), List.of(address)), byTime, RARE)).isTrue();
        // A block's keys come out of the index by key, not time; two addresses are two walks; beside a category the
        // best index depends on the values.
        assertThat(block.oneAddress()).isFalse();
        assertThat(EntryPage.planFixedByShape(withIps(Set.of(), List.of(block)), byTime, COMMON)).isFalse();
        assertThat(EntryPage.planFixedByShape(withIps(Set.of(), List.of(address, address)), byTime, COMMON)).isFalse();
        assertThat(EntryPage.planFixedByShape(withIps(Set.of("authentication"), List.of(address)), byTime, COMMON))
                .isFalse();
    }

    private static AuditFilter withIps(Set<String> categories, List<IpKey.Range> ips) {
        return new AuditFilter("realm", 1_000, 2_000, categories, Set.of(), Set.of(), Set.of(), Set.of(), ips, Set.of(),
                Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), List.of(), null);
    }

    private static AuditFilter withActorIds(Set<String> categories, Set<String> actorIds) {
        return new AuditFilter("realm", 1_000, 2_000, categories, Set.of(), Set.of(), Set.of(), Set.of(),
                List.<IpKey.Range>of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), List.of(), null,
                Set.of(), actorIds);
    }

    private static AuditFilter withCategories(Set<String> categories) {
        return new AuditFilter("realm", 1_000, 2_000, categories, Set.of(), Set.of(), Set.of(), Set.of(),
                List.<IpKey.Range>of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), List.of(), null);
    }

    private static AuditFilter dateOnly(Set<String> scope) {
        return new AuditFilter("realm", 1_000, 2_000, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
                List.<IpKey.Range>of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), List.of(), scope);
    }

    private static AuditFilter actor(Set<String> categories, List<String> terms, Set<String> scope) {
        return new AuditFilter("realm", 1_000, 2_000, categories, Set.of(), Set.of(), Set.of("alice"), Set.of(),
                List.<IpKey.Range>of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), terms, scope);
    }
}
