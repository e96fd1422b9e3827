package dev.kcaudit.audit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcaudit.audit.it.support.AuditApi;
import dev.kcaudit.audit.it.support.AuditServerConfig;
import dev.kcaudit.audit.it.support.DemoRealmConfig;
import dev.kcaudit.audit.it.support.PlantedEntry;
import dev.kcaudit.audit.it.support.RemoteDatabase;
import dev.kcaudit.audit.it.support.Sql;
import dev.kcaudit.audit.it.support.Tokens;
import dev.kcaudit.audit.store.jpa.DerivedColumns;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Facets read the facet index (docs/query.md): each scope lists exactly what was recorded in it, whatever the value
 * (a resource type no capture code names included), before and after the sequencer has indexed an entry, and a
 * rebuild from the entries (an upgrade, a bulk load) gives the same answers. Plants entries by SQL, so it runs on the
 * PostgreSQL and MariaDB runs; the HTTP-level facet tests (QueryIT, ScopeIT) run on every database.
 */
@KeycloakIntegrationTest(config = AuditServerConfig.class)
@ExtendWith(RemoteDatabase.class)
class FacetIndexIT {

    private static final String DEMO = DemoRealmConfig.REALM;

    @InjectRealm(config = DemoRealmConfig.class)
    ManagedRealm demo;

    @Test
    void eachScopeListsExactlyWhatItRecordedBeforeAndAfterIndexing() {
        Sql.assumeReachable();
        awaitIndexReady();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String acme = organizationId("Acme");
        String[] planted = new String[2];
        // Planted and first read while this test holds the sequencer's lock row: the entries are surely not indexed.
        holdingTheSequencer(() -> {
            planted[0] = plant("probe-realm-" + tag, "zz-realm-" + tag, null);
            planted[1] = plant("probe-acme-" + tag, "zz-acme-" + tag, acme);
            assertScopes(tag, "not yet numbered");
        });
        String realmOnly = planted[0];
        String acmeOnly = planted[1];
        awaitNumbered(realmOnly, acmeOnly);
        assertThat(Sql.query("SELECT SCOPE_ID FROM AUDIT_FACET WHERE REALM_ID = ? AND FACET = 'resource_type'"
                + " AND VAL = ?", demo.getId(), "probe-acme-" + tag)).as("index rows of the Acme entry")
                .extracting(r -> r.get(0)).containsExactlyInAnyOrder("*", acme);
        assertThat(Sql.query("SELECT SCOPE_ID FROM AUDIT_FACET WHERE REALM_ID = ? AND FACET = 'resource_type'"
                + " AND VAL = ?", demo.getId(), "probe-realm-" + tag)).as("index rows of the realm entry")
                .extracting(r -> r.get(0)).containsExactly("*");
        assertScopes(tag, "indexed");
    }

    /** A realm auditor sees both planted entries' values; Acme's admin exactly Acme's. */
    private void assertScopes(String tag, String when) {
        JsonNode auditor = AuditApi.get(DEMO, "facets?actor=zz-", Tokens.demoUser("auditor")).body();
        assertThat(texts(auditor.path("resourceTypes"))).as("realm auditor, %s", when)
                .contains("probe-realm-" + tag, "probe-acme-" + tag);
        assertThat(auditor.path("actors").findValuesAsText("username")).as("realm auditor's actors, %s", when)
                .contains("zz-realm-" + tag, "zz-acme-" + tag);
        JsonNode acmeAdmin = AuditApi.get(DEMO, "facets?actor=zz-", Tokens.demoUser("acme-admin")).body();
        assertThat(texts(acmeAdmin.path("resourceTypes"))).as("Acme's admin, %s", when)
                .contains("probe-acme-" + tag).doesNotContain("probe-realm-" + tag);
        assertThat(acmeAdmin.path("actors").findValuesAsText("username")).as("Acme's admin's actors, %s", when)
                .contains("zz-acme-" + tag).doesNotContain("zz-realm-" + tag);
    }

    @Test
    void aRebuildFromTheEntriesGivesTheSameFacets() {
        Sql.assumeReachable();
        // A login placed in Great Britain, so the rebuild has a country to find (alice is in Acme).
        assertThat(Tokens.password(DEMO, "demo-app", "alice", DemoRealmConfig.PASSWORD,
                Map.of("X-Forwarded-For", "81.2.69.142", "X-Forwarded-Proto", "https")).status()).isEqualTo(200);
        awaitIndexReady();
        facetsOfEveryScope(); // each reader signs in once, so the second read is the realm's steady state
        List<String> before = facetsOfEveryScope();
        assertThat(before).anyMatch(f -> f.startsWith("acme-admin countries [") && f.contains("\"GB\""));
        Sql.update("DELETE FROM AUDIT_FACET WHERE REALM_ID = ?", demo.getId());
        Sql.update("DELETE FROM AUDIT_FACET_ACTOR WHERE REALM_ID = ?", demo.getId());
        // Held, the sequencer's lock row keeps the rebuild waiting: these reads surely come from the entries.
        holdingTheSequencer(() -> {
            Sql.update("UPDATE AUDIT_LOCK SET LAST_VALUE = 0 WHERE NAME = 'facets'");
            assertThat(facetsOfEveryScope()).as("while the index is rebuilt, read from the entries").isEqualTo(before);
        });
        awaitIndexReady();
        assertThat(Sql.query("SELECT COUNT(*) FROM AUDIT_FACET WHERE REALM_ID = ?", demo.getId()).get(0).get(0))
                .as("rows rebuilt").isNotEqualTo(0L);
        assertThat(facetsOfEveryScope()).as("after the rebuild").isEqualTo(before);
    }

    /** The facets of a realm auditor and of Acme's admin, values sorted (the two reads may collate differently). */
    private static List<String> facetsOfEveryScope() {
        List<String> all = new ArrayList<>();
        for (String user : List.of("auditor", "acme-admin")) {
            JsonNode facets = AuditApi.get(DEMO, "facets", Tokens.demoUser(user)).body();
            for (String facet : List.of("categories", "actions", "resourceTypes", "sources", "outcomes",
                    "countries", "devices", "organizations", "actors")) {
                List<String> values = new ArrayList<>();
                facets.path(facet).forEach(v -> values.add(v.toString()));
                values.sort(null);
                all.add(user + " " + facet + " " + values);
            }
        }
        return all;
    }

    /** An entry as capture writes it, not yet numbered: a user update of a resource type of its own. */
    private String plant(String resourceType, String username, String orgId) {
        long time = System.currentTimeMillis();
        String orgs = orgId == null ? "[]" : "[{\"id\":\"" + orgId + "\",\"name\":\"Acme\"}]";
        AuditEntryEntity row = PlantedEntry.userUpdate(demo.getId(), time);
        String id = row.getId();
        row.setActorType("user");
        row.setActorId(UUID.randomUUID().toString());
        row.setActorUsername(username);
        row.setResourceType(resourceType);
        row.setResourceId(id);
        row.setOrganizationsJson(orgs);
        Sql.update("INSERT INTO AUDIT_ENTRY (ID, REALM_ID, EVENT_TIME, CATEGORY, ACTION, OUTCOME, ACTOR_TYPE, ACTOR_ID,"
                        + " ACTOR_USERNAME, SOURCE, RESOURCE_TYPE, RESOURCE_ID, ORGANIZATIONS_JSON, SEARCH_TEXT)"
                        + " VALUES (?, ?, ?, 'users', 'user.updated', 'success', 'user', ?, ?, 'admin-api', ?, ?, ?, ?)",
                id, demo.getId(), time, row.getActorId(), username, resourceType, id, orgs,
                DerivedColumns.of(row).searchText());
        if (orgId != null) {
            Sql.update("INSERT INTO AUDIT_ENTRY_ORG (ENTRY_ID, ORG_ID, REALM_ID, EVENT_TIME) VALUES (?, ?, ?, ?)", id,
                    orgId, demo.getId(), time);
        }
        Sql.update("INSERT INTO AUDIT_ENTRY_CHAIN (ENTRY_ID, REALM_ID) VALUES (?, ?)", id, demo.getId());
        return id;
    }

    /** Runs the action while a transaction of this test holds the lock row the sequencer and a rebuild take. */
    private static void holdingTheSequencer(Runnable action) {
        try (Connection c = Sql.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement(
                    "SELECT LAST_VALUE FROM AUDIT_LOCK WHERE NAME = 'sequence' FOR UPDATE")) {
                lock.executeQuery().close();
                action.run();
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String organizationId(String name) {
        return (String) Sql.query("SELECT ID FROM ORG WHERE REALM_ID = ? AND NAME = ?", demo.getId(), name).get(0).get(0);
    }

    private static void awaitNumbered(String... ids) {
        for (String id : ids) {
            await(() -> !Sql.query("SELECT 1 FROM AUDIT_ENTRY_CHAIN WHERE ENTRY_ID = ? AND SEQ IS NOT NULL", id)
                    .isEmpty(), "entry " + id + " numbered");
        }
    }

    private static void awaitIndexReady() {
        await(() -> ((Number) Sql.query("SELECT LAST_VALUE FROM AUDIT_LOCK WHERE NAME = 'facets'").get(0).get(0))
                .longValue() > 0, "the facet index is ready");
    }

    private static void await(java.util.function.BooleanSupplier done, String what) {
        for (int i = 0; i < 300; i++) {
            if (done.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError(what + ": not within 30 s");
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
