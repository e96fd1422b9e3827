package dev.kcaudit.audit.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcaudit.audit.it.support.GeoIpDatabase;
import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Origin;
import dev.kcaudit.audit.model.Outcome;
import dev.kcaudit.audit.model.Source;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OriginsTest {

    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";

    private static AuditEntry login(String ip) {
        return new AuditEntry("e1", 1L, "realm", List.of(), AuditAction.LOGIN, Outcome.success(),
                new Actor("u1", Actor.Type.USER, "alice", null, "app"), null, List.of(), ip, "s1", Source.LOGIN,
                Map.of());
    }

    @Test
    void anEntryWithAnAddressGetsItsAgentAndPlace() {
        GeoIpDatabase.require();
        try (Origins origins = Origins.open(GeoIpDatabase.OPTION)) {
            assertThat(origins.attach(login("81.2.69.142"), FIREFOX).origin()).isEqualTo(new Origin(FIREFOX,
                    "Firefox 121", "Linux", "desktop", "GB", "England", "Bracknell", null, null));
            // No agent header: the place alone.
            assertThat(origins.attach(login("81.2.69.142"), (String) null).origin())
                    .isEqualTo(new Origin(null, null, null, null, "GB", "England", "Bracknell", null, null));
        }
    }

    @Test
    void withoutAnAddressOrDatabaseNothingIsMadeUp() {
        try (Origins origins = new Origins(new UserAgents(), GeoIp.none())) {
            // The realm keeps no addresses: no agent either.
            assertThat(origins.attach(login(null), FIREFOX).origin()).isNull();
            // No database: the agent, and no place.
            Origin origin = origins.attach(login("81.2.69.142"), FIREFOX).origin();
            assertThat(origin.browser()).isEqualTo("Firefox 121");
            assertThat(origin.country()).isNull();
            // A private address with no agent: nothing known, no origin at all.
            assertThat(origins.attach(login("10.1.2.3"), (String) null).origin()).isNull();
        }
    }
}
