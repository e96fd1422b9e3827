package dev.kcaudit.audit.store.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcaudit.audit.model.IpKey;
import dev.kcaudit.audit.store.AuditFilter;
import dev.kcaudit.audit.store.PageRequest;
import dev.kcaudit.audit.store.SortKey;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EntryHqlTest {

    private static AuditFilter filter(Set<String> categories, Set<String> actors, Set<String> orgs, Set<String> scope,
                                      List<String> terms) {
        return new AuditFilter("realm", 1_000, 2_000, categories, Set.of(), Set.of(), actors, Set.of(),
                List.of(new IpKey.Range("0a", "0b")), orgs, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), terms,
                scope);
    }

    private static String text(AuditFilter f, boolean byTag) {
        return EntryHql.matching(f, byTag).orderBy(SortKey.TIME, false).text("e");
    }

    @Test
    void theTextDependsOnTheFiltersShapeNotOnTheirValuesSoHibernateTranslatesItOnce() {
        EntryHql a = EntryHql.matching(filter(Set.of("users", "roles"), Set.of("alice"), Set.of(), null,
                List.of("x")), true);
        EntryHql b = EntryHql.matching(filter(Set.of("clients", "members"), Set.of("Bob"), Set.of(), null,
                List.of("y")), true);
        assertThat(a.text("e")).isEqualTo(b.text("e")).doesNotContain("users", "alice", "Bob");
        assertThat(a.parameters()).containsValues("users", "roles", "alice", "%x%").doesNotContainValue("Bob");
        assertThat(b.parameters()).containsValues("bob", "Bob", "%y%");
    }

    /**
     * Hibernate 7 reads {@code x in (:p)} with a single parameter as a list parameter, and a query with one is never
     * kept in its plan cache: it was translated from HQL to SQL again on every read (a profile of the actor read).
     */
    @Test
    void aSingleValueIsComparedWithEqualsSoHibernateKeepsTheTranslation() {
        AuditFilter single = filter(Set.of("users"), Set.of("alice"), Set.of("globex"), Set.of("acme"), List.of());
        assertThat(text(single, true)).doesNotContainPattern(" in \\(:\\w+\\)")
                .contains("(e.category = :p", "e.actorId = :p", "e.actorUsername = :p", "e.actorEmail = :p",
                        "t1.orgId = :p");
        AuditFilter two = filter(Set.of("users", "roles"), Set.of(), Set.of(), null, List.of());
        assertThat(text(two, true)).contains("(e.category in (:p4, :p5))");
    }

    @Test
    void oneOrganizationDrivesTheReadThroughItsTagsAndOrdersByTheTagsTime() {
        String byFilter = text(filter(Set.of(), Set.of(), Set.of("acme"), null, List.of()), true);
        assertThat(byFilter).startsWith("select e from AuditEntryOrgEntity o join AuditEntryEntity e")
                .contains("(o.orgId = :p2)", "(o.time >= :p3)").endsWith("order by o.time desc, o.entryId desc")
                .doesNotContain("exists");
        String byScope = text(filter(Set.of(), Set.of(), Set.of(), Set.of("acme"), List.of()), true);
        assertThat(byScope).isEqualTo(byFilter);
    }

    @Test
    void otherOrganizationConditionsStayAsTagLookUps() {
        // An organization admin of acme filtering for globex: driven by globex, still limited to acme.
        String outsideScope = text(filter(Set.of(), Set.of(), Set.of("globex"), Set.of("acme"), List.of()), true);
        assertThat(outsideScope).contains("AuditEntryOrgEntity o join", "exists (select 1 from AuditEntryOrgEntity t1");
        String twoOrgs = text(filter(Set.of(), Set.of(), Set.of("acme", "globex"), null, List.of()), true);
        assertThat(twoOrgs).startsWith("select e from AuditEntryEntity e").contains("t1.orgId in (:p6, :p7)")
                .endsWith("order by e.time desc, e.id desc");
        assertThat(text(filter(Set.of(), Set.of(), Set.of("acme"), null, List.of()), false))
                .startsWith("select e from AuditEntryEntity e").contains("exists");
        assertThat(text(filter(Set.of(), Set.of(), Set.of(), Set.of(), List.of()), true)).contains("(1 = 0)");
    }

    @Test
    void aPositionContinuesStrictlyAfterItInTheSameOrder() {
        EntryHql q = EntryHql.matching(filter(Set.of(), Set.of(), Set.of("acme"), null, List.of()), true)
                .after(SortKey.TIME, false, new PageRequest.Position(null, 1_500, "id-9"));
        assertThat(q.text("e")).contains("(o.time <= :p7 and (o.time < :p7 or (o.time = :p7 and o.entryId < :p8)))");
        EntryHql byActor = EntryHql.matching(filter(Set.of(), Set.of(), Set.of(), null, List.of()), false)
                .after(SortKey.ACTOR, true, new PageRequest.Position(null, 1_500, "id-9"))
                .orderBy(SortKey.ACTOR, true);
        assertThat(byActor.text("e")).contains("coalesce(e.actorUsername, '') >= :p8")
                .endsWith("order by coalesce(e.actorUsername, '') asc, e.time asc, e.id asc");
        assertThat(byActor.parameters()).containsEntry("p8", "");
    }

    @Test
    void likeWildcardsInUserInputMatchThemselves() {
        assertThat(EntryHql.escape("100%_a!")).isEqualTo("100!%!_a!!");
        assertThat(EntryHql.like("e.searchText", ":p1")).isEqualTo("e.searchText like :p1 escape '!'");
    }
}
