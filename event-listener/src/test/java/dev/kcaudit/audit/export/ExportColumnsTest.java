package dev.kcaudit.audit.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcaudit.audit.model.OrganizationRef;
import dev.kcaudit.audit.model.TeamRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportColumnsTest {

    @Test
    void timestampsAlwaysCarryMillisecondsEvenOnAWholeSecond() {
        assertThat(ExportColumns.timestamp(1_796_170_215_000L)).isEqualTo("2026-12-02T00:10:15.000Z");
        assertThat(ExportColumns.timestamp(1_796_170_208_079L)).isEqualTo("2026-12-02T00:10:08.079Z");
    }

    @Test
    void teamsAreListedEachOrganizationsInTurn() {
        List<OrganizationRef> orgs = List.of(new OrganizationRef("a", "Acme", List.of(new TeamRef("p", "Platform"),
                new TeamRef("o", "Ops"))), new OrganizationRef("g", "Globex"));
        assertThat(ExportColumns.teams(orgs)).isEqualTo("Platform, Ops");
        assertThat(ExportColumns.organizationsWithTeams(orgs)).isEqualTo("Acme (Platform, Ops), Globex");
        assertThat(ExportColumns.teams(List.of())).isEmpty();
    }
}
