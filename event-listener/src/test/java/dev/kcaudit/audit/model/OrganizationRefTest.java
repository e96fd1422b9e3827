package dev.kcaudit.audit.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

class OrganizationRefTest {

    private static final TeamRef PLATFORM = new TeamRef("t-platform", "Platform");
    private static final TeamRef OPS = new TeamRef("t-ops", "Ops");
    private static final OrganizationRef ACME = new OrganizationRef("acme", "Acme", List.of(PLATFORM, OPS));
    private static final OrganizationRef GLOBEX = new OrganizationRef("globex", "Globex");

    private static AuditEntry entry(OrganizationRef... orgs) {
        return new AuditEntry("e1", 1, "r", List.of(orgs), AuditAction.LOGIN, Outcome.success(), Actor.system(), null,
                List.of(), null, null, Source.LOGIN, Map.of());
    }

    @Test
    void anOrganizationAdminSeesTheWholeOrganizationATeamAdminOnlyTheirTeam() {
        assertThat(ACME.seenBy(Set.of("acme"))).isEqualTo(ACME);
        assertThat(ACME.seenBy(Set.of("t-ops"))).isEqualTo(new OrganizationRef("acme", "Acme", List.of(OPS)));
        assertThat(ACME.seenBy(Set.of("globex"))).isNull();
        assertThat(GLOBEX.seenBy(Set.of("t-ops"))).isNull();

        AuditEntry both = entry(ACME, GLOBEX);
        assertThat(both.seenBy(Set.of("t-platform")).organizations())
                .containsExactly(new OrganizationRef("acme", "Acme", List.of(PLATFORM)));
        assertThat(both.seenBy(Set.of("globex", "t-ops")).organizations())
                .containsExactly(new OrganizationRef("acme", "Acme", List.of(OPS)), GLOBEX);
        assertThat(both.seenBy(null)).isEqualTo(both);
    }

    @Test
    void anEntryIsTaggedWithItsOrganizationsAndTheirTeams() {
        assertThat(entry(ACME, GLOBEX).scopeTags()).containsExactly("acme", "t-platform", "t-ops", "globex");
        assertThat(entry().scopeTags()).isEmpty();
    }

    /** Stored entries hash their organizations' JSON as written: without teams it must be what it was before them. */
    @Test
    void withoutTeamsTheJsonIsWhatItWasBeforeTeamsExisted() throws Exception {
        assertThat(JsonSerialization.mapper.writeValueAsString(List.of(GLOBEX)))
                .isEqualTo("[{\"id\":\"globex\",\"name\":\"Globex\"}]");
        String withTeams = JsonSerialization.mapper.writeValueAsString(List.of(ACME));
        assertThat(withTeams).isEqualTo("[{\"id\":\"acme\",\"name\":\"Acme\",\"teams\":[{\"id\":\"t-platform\","
                + "\"name\":\"Platform\"},{\"id\":\"t-ops\",\"name\":\"Ops\"}]}]");
        assertThat(JsonSerialization.mapper.readValue("[{\"id\":\"globex\",\"name\":\"Globex\"}]",
                OrganizationRef[].class)[0]).isEqualTo(GLOBEX);
    }

    /** A caller's scope as references: an organization read whole stays whole, teams of one organization are merged. */
    @Test
    void referencesOfOneOrganizationAreMerged() {
        OrganizationRef platform = new OrganizationRef("acme", "Acme", List.of(PLATFORM));
        OrganizationRef ops = new OrganizationRef("acme", "Acme", List.of(OPS));
        assertThat(OrganizationRefs.merged(List.of(platform, GLOBEX, ops)))
                .containsExactly(new OrganizationRef("acme", "Acme", List.of(PLATFORM, OPS)), GLOBEX);
        assertThat(OrganizationRefs.merged(List.of(platform, new OrganizationRef("acme", "Acme"))))
                .containsExactly(new OrganizationRef("acme", "Acme"));
        assertThat(OrganizationRefs.merged(List.of(platform, platform))).containsExactly(platform);
    }
}
