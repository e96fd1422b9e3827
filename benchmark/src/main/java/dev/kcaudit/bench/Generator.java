package dev.kcaudit.bench;

import dev.kcaudit.audit.chain.Chain;
import dev.kcaudit.audit.store.ChainRow;
import dev.kcaudit.audit.store.jpa.DerivedColumns;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Bulk-loads realistic audit entries straight into PostgreSQL with COPY: a year of entries with the category mix
 * of a busy realm (mostly logins), 2,000 actors, three organizations, client IPs from a few networks. Rows are linked
 * into the realm's hash chain when asked ({@code chain=true}), as the sequencer would link them (its number, the
 * previous one, the link hash, the chain head moved on), so the server's sealer seals them and verify checks them like
 * captured entries; otherwise they carry numbers only. Their derived columns (search text, IP key, organization tags)
 * are the extension's own ({@link DerivedColumns}), as verify recomputes them.
 */
final class Generator {

    /** A kind of entry, and what Keycloak's own store would hold for it (a user event type or an admin operation). */
    private record Kind(String category, String action, String label, int weight, String kcType, String kcOperation) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("authentication", "auth.login", "Logged in", 55, "LOGIN", null),
            new Kind("authentication", "auth.login.failed", "Login failed", 10, "LOGIN_ERROR", null),
            new Kind("authentication", "auth.logout", "Logged out", 12, "LOGOUT", null),
            new Kind("authentication", "auth.client.login", "Service account login", 8, "CLIENT_LOGIN", null),
            new Kind("credentials", "credential.password.updated", "Password updated", 2, "UPDATE_PASSWORD", null),
            new Kind("credentials", "credential.otp.added", "OTP added", 1, "UPDATE_TOTP", null),
            new Kind("users", "user.updated", "User updated", 4, null, "UPDATE"),
            new Kind("users", "user.created", "User created", 2, null, "CREATE"),
            new Kind("members", "member.added", "Member added", 2, null, "CREATE"),
            new Kind("roles", "role.assigned", "Role assigned", 2, null, "CREATE"),
            new Kind("clients", "client.updated", "Client updated", 1, null, "UPDATE"),
            new Kind("organizations", "org.updated", "Organization updated", 1, null, "UPDATE"));
    static final int ACTORS = 2_000;
    static final String[] ORGS = {"acme", "globex", "initech"};
    private static final int BATCH = 20_000;
    private static final Pattern BUILT = Pattern.compile("(?i)(?:INDEX|CONSTRAINT) (\\S+)");

    private final Random random = new Random(42);
    private final int totalWeight = KINDS.stream().mapToInt(Kind::weight).sum();

    private final String jdbc;
    private final boolean chained;
    /** Where the realm's chain ends: the last linked number and its hash. */
    private long chainSeq;
    private String chainHash;

    /**
     * {@code jdbc}: the database's URL, for the connections that rebuild indexes side by side; {@code chained}: link
     * the rows into the realm's hash chain (else they carry numbers only, and the sealer leaves them out).
     */
    Generator(String jdbc, boolean chained) {
        this.jdbc = jdbc;
        this.chained = chained;
    }

    /** Inserts {@code count} entries for the realm, spread over the year before {@code now}; returns the last SEQ. */
    long generate(Connection db, String realmId, String[] orgIds, int count, long now) throws SQLException, IOException {
        // Chained, the sequencer's lock row is held until the chain's head has moved on: the server numbers nothing
        // meanwhile (a seal record, say), which would take a number the load gives or link after the old head.
        Connection lock = DriverManager.getConnection(jdbc);
        lock.setAutoCommit(!chained);
        long seq;
        try (Statement s = lock.createStatement(); var rs = s.executeQuery(
                "SELECT LAST_VALUE FROM AUDIT_LOCK WHERE NAME = 'sequence' FOR UPDATE")) {
            rs.next();
            seq = rs.getLong(1);
        }
        boolean headStored = chainHead(lock, realmId);
        List<String> recreate = dropIndexes(db);
        CopyManager copy = ((PGConnection) db.unwrap(PGConnection.class)).getCopyAPI();
        long yearMs = 365L * 86_400_000L;
        for (int done = 0; done < count; done += BATCH) {
            int n = Math.min(BATCH, count - done);
            StringBuilder entries = new StringBuilder(n * 400);
            StringBuilder orgs = new StringBuilder(n * 60);
            StringBuilder chain = new StringBuilder(n * 60);
            StringBuilder events = new StringBuilder(n * 200);
            StringBuilder adminEvents = new StringBuilder(n * 100);
            // Times ascend with the sequence, as they do in a live table.
            for (int i = 0; i < n; i++) {
                long time = now - yearMs + (long) ((done + i) * (double) yearMs / count);
                row(entries, orgs, chain, events, adminEvents, realmId, orgIds, ++seq, time);
            }
            copy.copyIn("COPY AUDIT_ENTRY (ID, REALM_ID, EVENT_TIME, CATEGORY, ACTION, OUTCOME, OUTCOME_REASON,"
                    + " ACTOR_ID, ACTOR_TYPE, ACTOR_USERNAME, ACTOR_EMAIL, ACTOR_CLIENT_ID, RESOURCE_TYPE, RESOURCE_ID,"
                    + " RESOURCE_NAME, IP_ADDRESS, SESSION_ID, SOURCE, ORGANIZATIONS_JSON, IP_KEY, SEARCH_TEXT)"
                    + " FROM STDIN WITH (FORMAT csv)", new StringReader(entries.toString()));
            copy.copyIn("COPY AUDIT_ENTRY_CHAIN (ENTRY_ID, REALM_ID, SEQ, CHAIN_PREV_SEQ, CHAIN_HASH)"
                    + " FROM STDIN WITH (FORMAT csv)", new StringReader(chain.toString()));
            copy.copyIn("COPY AUDIT_ENTRY_ORG (ENTRY_ID, ORG_ID, REALM_ID, EVENT_TIME) FROM STDIN WITH (FORMAT csv)",
                    new StringReader(orgs.toString()));
            // The same activity as Keycloak's own event store would have kept it, for the side-by-side queries.
            copy.copyIn("COPY EVENT_ENTITY (ID, CLIENT_ID, DETAILS_JSON, ERROR, IP_ADDRESS, REALM_ID, SESSION_ID,"
                    + " EVENT_TIME, TYPE, USER_ID) FROM STDIN WITH (FORMAT csv)", new StringReader(events.toString()));
            copy.copyIn("COPY ADMIN_EVENT_ENTITY (ID, ADMIN_EVENT_TIME, REALM_ID, OPERATION_TYPE, AUTH_REALM_ID,"
                    + " AUTH_CLIENT_ID, AUTH_USER_ID, IP_ADDRESS, RESOURCE_PATH, RESOURCE_TYPE) FROM STDIN WITH (FORMAT csv)",
                    new StringReader(adminEvents.toString()));
        }
        long indexing = System.nanoTime();
        // Keys and indexes in any order, two at a time; foreign keys once the keys they reference exist.
        List<String> foreignKeys = recreate.stream().filter(ddl -> ddl.contains("FOREIGN KEY")).toList();
        List<String> builds = new ArrayList<>(recreate.stream().filter(ddl -> !foreignKeys.contains(ddl)).toList());
        // The trigram index takes longest and PostgreSQL builds a GIN index on one core: start it first.
        builds.sort(Comparator.comparing(ddl -> !ddl.contains("USING gin")));
        List<String> slowest = onTwoConnections(builds);
        onTwoConnections(foreignKeys);
        System.out.printf("  (rebuilt %d indexes and keys in %.1f s; slowest: %s)%n", recreate.size(),
                (System.nanoTime() - indexing) / 1e9, String.join(", ", slowest.subList(0, Math.min(3, slowest.size()))));
        try (lock; Statement s = lock.createStatement()) {
            s.executeUpdate("UPDATE AUDIT_LOCK SET LAST_VALUE = " + seq + " WHERE NAME = 'sequence'");
            if (chained) {
                moveChainHead(lock, realmId, headStored);
                lock.commit();
            }
        }
        // VACUUM as autovacuum would have done on a live table: it marks the pages all-visible, which lets a read be
        // answered from an index alone (the IP page's ids), and sets the hint bits the first reads would otherwise
        // write. Both stores' tables alike.
        long vacuum = System.nanoTime();
        onTwoConnections(List.of("VACUUM (ANALYZE) AUDIT_ENTRY", "VACUUM (ANALYZE) EVENT_ENTITY",
                "VACUUM (ANALYZE) AUDIT_ENTRY_CHAIN", "VACUUM (ANALYZE) AUDIT_ENTRY_ORG",
                "VACUUM (ANALYZE) ADMIN_EVENT_ENTITY"));
        System.out.printf("  (vacuumed and analyzed the five tables in %.1f s)%n", (System.nanoTime() - vacuum) / 1e9);
        rebuildFacetIndex(db);
        return seq;
    }

    /**
     * COPY bypassed the sequencer, which keeps the facet index and the histogram rollup: have the server rebuild them
     * from the entries, as it
     * does after an upgrade, and wait. The time is what that upgrade costs at this size (plus up to one maintenance
     * interval before the timer picks it up).
     */
    private void rebuildFacetIndex(Connection db) throws SQLException {
        long start = System.nanoTime();
        try (Statement s = db.createStatement()) {
            s.executeUpdate("DELETE FROM AUDIT_FACET");
            s.executeUpdate("DELETE FROM AUDIT_FACET_ACTOR");
            s.executeUpdate("DELETE FROM AUDIT_HISTOGRAM");
            s.executeUpdate("UPDATE AUDIT_LOCK SET LAST_VALUE = 0 WHERE NAME IN ('facets', 'histogram')");
            for (long waited = 0; ; waited += 500) {
                try (var rs = s.executeQuery("SELECT MIN(LAST_VALUE) FROM AUDIT_LOCK WHERE NAME IN ('facets',"
                        + " 'histogram')")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        break;
                    }
                }
                if (waited > 3_600_000) {
                    throw new IllegalStateException("the server did not rebuild the facet index within an hour");
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        System.out.printf("  (the server rebuilt the facet index and the histogram rollup in %.1f s, its maintenance"
                        + " timer's wait included)%n",
                (System.nanoTime() - start) / 1e9);
        // As autovacuum would soon after the rebuild: the rollup's old hours then read from its index alone.
        onTwoConnections(List.of("VACUUM (ANALYZE) AUDIT_HISTOGRAM", "VACUUM (ANALYZE) AUDIT_FACET",
                "VACUUM (ANALYZE) AUDIT_FACET_ACTOR"));
    }

    /**
     * Runs the statements on two connections at once, each statement on one core (a parallel build would compete
     * with the other connection's); returns them with their times, slowest first.
     */
    private List<String> onTwoConnections(List<String> statements) throws SQLException {
        Queue<String> todo = new ConcurrentLinkedQueue<>(statements);
        Map<String, Double> seconds = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        // Own threads: the common pool has one thread on two cores.
        ExecutorService threads = Executors.newFixedThreadPool(2);
        for (int w = 0; w < 2; w++) {
            workers.add(CompletableFuture.runAsync(() -> {
                try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement()) {
                    s.execute("SET maintenance_work_mem = '1GB'");
                    s.execute("SET max_parallel_maintenance_workers = 0");
                    for (String ddl; (ddl = todo.poll()) != null; ) {
                        long start = System.nanoTime();
                        s.execute(ddl);
                        seconds.put(ddl, (System.nanoTime() - start) / 1e9);
                    }
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
            }, threads));
        }
        try {
            CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        } finally {
            threads.shutdown();
        }
        return seconds.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format("%s %.0f s", name(e.getKey()), e.getValue())).toList();
    }

    /** The index or key a statement builds, for the log. */
    private static String name(String ddl) {
        Matcher m = BUILT.matcher(ddl);
        return m.find() ? m.group(1) : ddl;
    }

    /**
     * Drops the keys and indexes of the five loaded tables and returns the statements that rebuild them: COPY into
     * unindexed tables followed by one sorted build per index is several times faster than maintaining thirteen
     * indexes (one of them trigram) row by row. The sequence indexes stay, because the running server's sequencer
     * looks for unnumbered entries every second.
     */
    private static List<String> dropIndexes(Connection db) throws SQLException {
        String tables = "'audit_entry', 'audit_entry_org', 'audit_entry_chain', 'event_entity', 'admin_event_entity'";
        List<String> drop = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> foreignKeys = new ArrayList<>();
        try (Statement s = db.createStatement(); var rs = s.executeQuery("SELECT conrelid::regclass, conname, contype,"
                + " pg_get_constraintdef(oid) FROM pg_constraint WHERE contype IN ('p', 'f')"
                + " AND (conrelid::regclass::text IN (" + tables + ") OR confrelid::regclass::text IN (" + tables + "))"
                + " ORDER BY contype")) {
            while (rs.next()) {
                String table = rs.getString(1);
                String name = rs.getString(2);
                drop.add("ALTER TABLE " + table + " DROP CONSTRAINT " + name);
                (rs.getString(3).equals("f") ? foreignKeys : keys)
                        .add("ALTER TABLE " + table + " ADD CONSTRAINT " + name + " " + rs.getString(4));
            }
        }
        List<String> indexes = new ArrayList<>();
        try (Statement s = db.createStatement(); var rs = s.executeQuery("SELECT indexname, indexdef FROM pg_indexes"
                + " WHERE tablename IN (" + tables + ") AND indexname NOT IN (SELECT conname FROM pg_constraint)"
                + " AND indexname NOT IN ('idx_audit_chain_seq', 'idx_audit_chain_realm_seq')")) {
            while (rs.next()) {
                drop.add("DROP INDEX " + rs.getString(1));
                indexes.add(rs.getString(2));
            }
        }
        try (Statement s = db.createStatement()) {
            for (String ddl : drop) {
                s.execute(ddl);
            }
        }
        List<String> recreate = new ArrayList<>(keys);
        recreate.addAll(indexes);
        recreate.addAll(foreignKeys);
        return recreate;
    }

    private void row(StringBuilder out, StringBuilder orgs, StringBuilder chain, StringBuilder events,
                     StringBuilder adminEvents,
                     String realmId, String[] orgIds, long seq, long time) {
        Kind kind = pick();
        String id = UUID.randomUUID().toString();
        int actor = (int) Math.abs(random.nextGaussian() * ACTORS / 3) % ACTORS;
        String username = "user" + actor;
        String email = username + "@example.test";
        int org = actor % 4;  // three in four actors belong to an organization
        boolean failed = kind.action.endsWith(".failed");
        int a = 10 + actor % 4;
        int b = actor % 250;
        String ip = a + "." + b + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
        String orgJson = org < 3 ? "[{\"id\":\"" + orgIds[org] + "\",\"name\":\"" + ORGS[org] + "\"}]" : null;
        AuditEntryEntity e = new AuditEntryEntity();
        e.setId(id);
        e.setRealmId(realmId);
        e.setTime(time);
        e.setCategory(kind.category);
        e.setAction(kind.action);
        e.setOutcome(failed ? "failure" : "success");
        e.setOutcomeReason(failed ? "invalid_user_credentials" : null);
        e.setActorId("user-" + actor);
        e.setActorType("user");
        e.setActorUsername(username);
        e.setActorEmail(email);
        e.setActorClientId("demo-app");
        e.setResourceType("user");
        e.setResourceId("user-" + actor);
        e.setResourceName(username);
        e.setIpAddress(ip);
        e.setSource(kind.category.equals("authentication") ? "login" : "admin-api");
        e.setOrganizationsJson(orgJson);
        // What the server would derive and verify recomputes.
        ChainRow.Derived derived = DerivedColumns.of(e);
        String link = chained ? Chain.link(chainHash, seq, chainSeq, e.canonical()) : "";
        csv(out, id, realmId, Long.toString(time), kind.category, kind.action, e.getOutcome(),
                blank(e.getOutcomeReason()), e.getActorId(), "user", username, email, "demo-app", "user",
                e.getResourceId(), username, ip, "", e.getSource(), blank(orgJson), derived.ipKey(),
                derived.searchText());
        csv(chain, id, realmId, Long.toString(seq), chained ? Long.toString(chainSeq) : "", link);
        if (chained) {
            chainSeq = seq;
            chainHash = link;
        }
        String kcId = UUID.randomUUID().toString();
        if (kind.kcType != null) {
            csv(events, kcId, "demo-app", "{\"username\":\"" + username + "\",\"auth_method\":\"openid-connect\"}",
                    failed ? "invalid_user_credentials" : "", ip, realmId, "", Long.toString(time), kind.kcType,
                    "user-" + actor);
        } else {
            csv(adminEvents, kcId, Long.toString(time), realmId, kind.kcOperation, realmId, "admin-cli", "user-" + actor,
                    ip, "users/user-" + actor, "USER");
        }
        for (String tag : derived.scopeTags()) {
            orgs.append(id).append(',').append(tag).append(',').append(realmId).append(',').append(time).append('\n');
        }
    }

    /** Where the realm's chain ends now; whether it has a head row yet. */
    private boolean chainHead(Connection db, String realmId) throws SQLException {
        try (var q = db.prepareStatement("SELECT LAST_SEQ, LAST_HASH FROM AUDIT_CHAIN_HEAD WHERE REALM_ID = ?")) {
            q.setString(1, realmId);
            try (var rs = q.executeQuery()) {
                boolean stored = rs.next();
                chainSeq = stored ? rs.getLong(1) : 0;
                chainHash = stored ? rs.getString(2) : Chain.GENESIS;
                return stored;
            }
        }
    }

    private void moveChainHead(Connection db, String realmId, boolean stored) throws SQLException {
        try (var head = db.prepareStatement(stored
                ? "UPDATE AUDIT_CHAIN_HEAD SET LAST_SEQ = ?, LAST_HASH = ? WHERE REALM_ID = ?"
                : "INSERT INTO AUDIT_CHAIN_HEAD (LAST_SEQ, LAST_HASH, REALM_ID) VALUES (?, ?, ?)")) {
            head.setLong(1, chainSeq);
            head.setString(2, chainHash);
            head.setString(3, realmId);
            head.executeUpdate();
        }
    }

    private static String blank(String value) {
        return value == null ? "" : value;
    }

    private static void csv(StringBuilder out, String... cols) {
        for (int i = 0; i < cols.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            if (!cols[i].isEmpty()) {
                out.append('"').append(cols[i].replace("\"", "\"\"")).append('"');
            }
        }
        out.append('\n');
    }

    private Kind pick() {
        int r = random.nextInt(totalWeight);
        for (Kind k : KINDS) {
            r -= k.weight;
            if (r < 0) {
                return k;
            }
        }
        return KINDS.get(0);
    }
}
