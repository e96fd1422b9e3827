package dev.kcaudit.audit.scrub;

import dev.kcaudit.audit.capture.OwnEntries;
import dev.kcaudit.audit.config.AuditConfig;
import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.Source;
import dev.kcaudit.audit.redaction.Redactor;
import dev.kcaudit.audit.redaction.SecretNames;
import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.store.ScrubStore;
import dev.kcaudit.audit.store.ScrubStore.Pass;
import dev.kcaudit.audit.store.ScrubStore.Scrubbed;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Removes secrets from rows stored before the redaction knew them (docs/integrity.md, "Scrubbing stored secrets").
 * Runs once per cluster on the maintenance timer under the {@code scrub} lock row, whose value is the vocabulary
 * version ({@link SecretNames#VERSION}) last scrubbed for: nothing to do while it is current. Otherwise it re-reads
 * every entry in commit order, {@value #BATCH} per transaction, for about {@value #BUDGET_MS} ms per run, keeping its
 * place in the {@code scrub-seq} row; then, with the sequencer held, the entries not numbered yet; then it deletes the
 * export-job files made before in the realms whose entries it rewrote (they may hold the secrets); then the
 * resource-state baselines. Every rewrite is
 * recorded in the same transaction by an {@code audit.scrubbed} entry of the {@code system} actor naming each entry,
 * its sequence number and the SHA-256 of its canonical form after the rewrite, which lets verify tell a scrub from
 * tampering (integrity/Scrubs). An entry keeps its chain link, so the chain goes on.
 */
public final class Scrub {

    static final int BATCH = 500;
    static final long BUDGET_MS = 10_000;
    private static final Logger LOG = Logger.getLogger(Scrub.class);

    private Scrub() {
    }

    public static void run(KeycloakSession session) {
        ScrubStore lock = store(session);
        lock.lock("scrub");
        if (lock.value("scrub") >= SecretNames.VERSION) {
            return;
        }
        // When the last scrub completed: what this one records after it is this scrub's.
        long since = lock.updatedTime("scrub");
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        long deadline = System.currentTimeMillis() + BUDGET_MS;
        boolean more = true;
        while (more && System.currentTimeMillis() < deadline) {
            more = inTransaction(factory, Scrub::nextBatch);
        }
        if (more) {
            return;
        }
        long finished = System.currentTimeMillis();
        inTransaction(factory, Scrub::rest);
        inTransaction(factory, s -> exportFiles(s, since, finished));
        inTransaction(factory, Scrub::states);
        // Committed with the lock row's transaction: a crash before it makes the next run finish again (idempotent).
        lock.setValue("scrub", SecretNames.VERSION);
        lock.setValue("scrub-seq", 0);
        LOG.infof("Audit log: stored entries scrubbed for redaction vocabulary version %d", SecretNames.VERSION);
    }

    /**
     * At start-up, before anything is written: a log with no entries has nothing to scrub, so a new install (or an
     * empty log) starts current instead of scanning whatever is written next.
     */
    public static void currentIfEmpty(KeycloakSession session) {
        ScrubStore store = store(session);
        store.lock("scrub");
        if (store.value("scrub") < SecretNames.VERSION && !store.anyEntry()) {
            store.setValue("scrub", SecretNames.VERSION);
        }
    }

    /** One batch in commit order; true when there may be more. */
    private static boolean nextBatch(KeycloakSession s) {
        ScrubStore store = store(s);
        Pass pass = store.sequenced(store.value("scrub-seq"), BATCH, redactors(s));
        record(s, pass.scrubbed(), Map.of());
        if (pass.read() > 0) {
            store.setValue("scrub-seq", pass.lastSeq());
        }
        return pass.read() == BATCH;
    }

    /** What was numbered since the last batch, and what is not numbered yet, with the sequencer held. */
    private static boolean rest(KeycloakSession s) {
        ScrubStore store = store(s);
        store.lock("sequence");
        Function<String, Redactor> redactors = redactors(s);
        Pass pass;
        long after = store.value("scrub-seq");
        do {
            pass = store.sequenced(after, BATCH, redactors);
            after = pass.lastSeq();
            record(s, pass.scrubbed(), Map.of());
        } while (pass.read() == BATCH);
        store.setValue("scrub-seq", after);
        String afterId = "";
        do {
            pass = store.unsequenced(afterId, BATCH, redactors);
            afterId = pass.lastId();
            record(s, pass.scrubbed(), Map.of());
        } while (pass.read() == BATCH);
        return true;
    }

    private static boolean states(KeycloakSession s) {
        ScrubStore store = store(s);
        Function<String, Redactor> redactors = redactors(s);
        Map<String, Integer> counts = new HashMap<>();
        String[] after = null;
        do {
            after = store.states(after, BATCH, redactors, counts);
        } while (after != null);
        counts.forEach((realmId, n) ->
                record(s, List.of(), Map.<String, Object>of("realmId", realmId, "resourceStates", n)));
        return true;
    }

    /**
     * Export-job files made before the scrub finished may hold what it removed from a realm's entries: those realms'
     * files go, and the log says so. Realms where it removed nothing keep theirs.
     */
    private static boolean exportFiles(KeycloakSession s, long since, long before) {
        ScrubStore store = store(s);
        store.deleteExportJobs(store.realmsScrubbedSince(since), before).forEach((realmId, ids) ->
                record(s, List.of(), Map.<String, Object>of("realmId", realmId, "exportJobsDeleted", ids)));
        return true;
    }

    /** One {@code audit.scrubbed} entry per realm for what was rewritten (or, with {@code other}, deleted). */
    private static void record(KeycloakSession s, List<Scrubbed> scrubbed, Map<String, Object> other) {
        Map<String, List<Scrubbed>> byRealm = scrubbed.stream()
                .collect(Collectors.groupingBy(Scrubbed::realmId, LinkedHashMap::new, Collectors.toList()));
        if (other.containsKey("realmId")) {
            byRealm.putIfAbsent((String) other.get("realmId"), List.of());
        }
        byRealm.forEach((realmId, entries) -> {
            RealmModel realm = s.realms().getRealm(realmId);
            if (realm == null) {
                return;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("vocabularyVersion", SecretNames.VERSION);
            other.forEach((k, v) -> {
                if (!k.equals("realmId")) {
                    details.put(k, v);
                }
            });
            if (!entries.isEmpty()) {
                details.put("entries", entries.stream().map(Scrub::listed).toList());
            }
            s.getProvider(AuditStore.class).save(OwnEntries.entry(realm, AuditAction.AUDIT_SCRUBBED, Actor.system(),
                    new Resource("realm", realm.getId(), realm.getName()), List.of(), null, Source.SYSTEM, details));
        });
    }

    private static Map<String, Object> listed(Scrubbed e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.entryId());
        m.put("seq", e.seq());
        m.put("digest", e.digest());
        return m;
    }

    /** Each realm's redactor (its own extra names included), made once per transaction. */
    private static Function<String, Redactor> redactors(KeycloakSession s) {
        Map<String, Redactor> made = new HashMap<>();
        return realmId -> made.computeIfAbsent(realmId, id -> {
            RealmModel realm = s.realms().getRealm(id);
            return realm == null ? Redactor.standard() : new Redactor(AuditConfig.of(realm).redactedAttributes());
        });
    }

    private static <T> T inTransaction(KeycloakSessionFactory factory, Function<KeycloakSession, T> work) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, work::apply);
    }

    private static ScrubStore store(KeycloakSession session) {
        return session.getProvider(ScrubStore.class);
    }
}
