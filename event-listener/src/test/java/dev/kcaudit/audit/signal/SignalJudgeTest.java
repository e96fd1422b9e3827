package dev.kcaudit.audit.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcaudit.audit.config.SignalSettings;
import dev.kcaudit.audit.config.SignalSettings.BusinessHours;
import dev.kcaudit.audit.config.SignalSettings.RuleSettings;
import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.IpKey;
import dev.kcaudit.audit.model.OrganizationRef;
import dev.kcaudit.audit.model.Origin;
import dev.kcaudit.audit.model.Outcome;
import dev.kcaudit.audit.model.Resource;
import dev.kcaudit.audit.model.Source;
import dev.kcaudit.audit.model.TeamRef;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Each rule on an in-memory log: it fires on what it describes and stays quiet on the near miss. (SignalsIT does the
 * same with real Keycloak events; this covers the edges cheaply.)
 */
class SignalJudgeTest {

    private static final String REALM = "r";
    private static final long T0 = ZonedDateTime.parse("2026-12-02T10:00:00Z").toInstant().toEpochMilli(); // Wednesday
    private final List<AuditEntry> log = new ArrayList<>();
    private SignalSettings settings = SignalSettings.defaults();
    private long now = T0;
    private int ids;

    /** The log so far, judged entry by entry as the sequencer does; signals join the log. */
    private List<AuditEntry> judge(AuditEntry entry) {
        log.add(entry);
        SignalJudge judge = new SignalJudge(history(), realm -> settings, () -> now);
        if (!judge.concerns(entry.realmId(), entry.action().id(), entry.source().id())) {
            return List.of();
        }
        List<AuditEntry> raised = judge.judge(entry);
        log.addAll(raised);
        return raised;
    }

    private AuditEntry entry(AuditAction action, Actor actor, Resource resource, String ip, long time,
                             Map<String, Object> details, Source source) {
        return new AuditEntry("e" + ids++, time, REALM, List.of(), action,
                action.id().endsWith(".failed") ? Outcome.failure("invalid_user_credentials") : Outcome.success(),
                actor, resource, List.of(), ip, null, source, details);
    }

    private AuditEntry login(AuditAction action, String user, String ip, long time) {
        return entry(action, new Actor(user, Actor.Type.USER, user, null, null), new Resource("user", user, user), ip,
                time, Map.of(), Source.LOGIN);
    }

    private static final Actor ADMIN = new Actor("admin-id", Actor.Type.USER, "admin", null, null);

    private AuditEntry admin(AuditAction action, Resource resource, long time, Map<String, Object> details) {
        return entry(action, ADMIN, resource, "10.0.0.1", time, details, Source.ADMIN_API);
    }

    private void set(String rule, RuleSettings rs) {
        Map<String, RuleSettings> rules = new HashMap<>(settings.rules());
        rules.put(rule, rs);
        settings = new SignalSettings(true, settings.businessHours(), rules);
    }

    @Test
    void failedLoginsForOneUserFireAtTheThresholdWithinTheWindowOnce() {
        for (int i = 0; i < 4; i++) {
            assertThat(judge(login(AuditAction.LOGIN_FAILED, "u1", "10.1.1." + i, T0 + i * 1000L))).isEmpty();
        }
        // A failure outside the 10-minute window does not count towards the fifth.
        assertThat(judge(login(AuditAction.LOGIN_FAILED, "u2", "10.2.0.1", T0 - 11 * 60_000L))).isEmpty();
        List<AuditEntry> raised = judge(login(AuditAction.LOGIN_FAILED, "u1", "10.1.1.9", T0 + 5000));
        assertThat(raised).singleElement().satisfies(s -> {
            assertThat(s.action()).isEqualTo(AuditAction.SIGNAL_FAILED_LOGINS_USER);
            assertThat(s.details()).containsEntry("count", 5).containsEntry("severity", "medium");
            assertThat(s.resource().id()).isEqualTo("u1");
        });
        assertThat(judge(login(AuditAction.LOGIN_FAILED, "u1", "10.1.1.9", T0 + 6000))).as("one per burst")
                .isEmpty();
        // After the quiet window a new burst is news again.
        long later = T0 + 30 * 60_000L;
        for (int i = 0; i < 4; i++) {
            judge(login(AuditAction.LOGIN_FAILED, "u1", "10.1.1.1", later + i));
        }
        assertThat(judge(login(AuditAction.LOGIN_FAILED, "u1", "10.1.1.1", later + 10))).hasSize(1);
    }

    @Test
    void failedLoginsForAnUnknownNameCountByTheName() {
        for (int i = 0; i < 4; i++) {
            judge(entry(AuditAction.LOGIN_FAILED, new Actor(null, Actor.Type.ANONYMOUS, "ghost", null, null), null,
                    "10.9.0.1", T0 + i, Map.of(), Source.LOGIN));
        }
        List<AuditEntry> raised = judge(entry(AuditAction.LOGIN_FAILED, new Actor(null, Actor.Type.ANONYMOUS,
                "ghost", null, null), null, "10.9.0.1", T0 + 10, Map.of(), Source.LOGIN));
        assertThat(raised).singleElement().satisfies(s -> assertThat(s.resource())
                .isEqualTo(new Resource("username", "ghost", "ghost")));
    }

    @Test
    void failedLoginsFromOneNetworkFireAcrossUsersNotAcrossNetworks() {
        set("failed-logins-network", new RuleSettings(true, 3, 10, null));
        set("failed-logins-user", new RuleSettings(false, 5, 10, null));
        judge(login(AuditAction.LOGIN_FAILED, "a", "203.0.113.5", T0));
        judge(login(AuditAction.LOGIN_FAILED, "b", "203.0.114.5", T0 + 1)); // another /24
        assertThat(judge(login(AuditAction.LOGIN_FAILED, "c", "203.0.113.77", T0 + 2))).isEmpty();
        List<AuditEntry> raised = judge(login(AuditAction.LOGIN_FAILED, "d", "203.0.113.200", T0 + 3));
        assertThat(raised).singleElement().satisfies(s -> {
            assertThat(s.resource()).isEqualTo(new Resource("ip-range", "203.0.113.0/24", "203.0.113.0/24"));
            assertThat(s.details().get("triggers")).asList().hasSize(3);
        });
        assertThat(NetworkFailedLoginBurst.network("2a00:1450:4001:81b::200e")).isEqualTo("2a00:1450:4001:81b:0:0:0:0/64");
        assertThat(NetworkFailedLoginBurst.network("not-an-ip")).isNull();
    }

    @Test
    void successAfterFailuresFiresAtTheThresholdNotBelow() {
        for (int i = 0; i < 4; i++) {
            judge(login(AuditAction.LOGIN_FAILED, "few", "10.0.0.2", T0 + i));
        }
        assertThat(judge(login(AuditAction.LOGIN, "few", "10.0.0.2", T0 + 10))).isEmpty();
        for (int i = 0; i < 5; i++) {
            judge(login(AuditAction.LOGIN_FAILED, "many", "10.0.0.3", T0 + i));
        }
        assertThat(judge(login(AuditAction.LOGIN, "many", "10.0.0.3", T0 + 10)))
                .filteredOn(s -> s.action() == AuditAction.SIGNAL_SUCCESS_AFTER_FAILURES).singleElement()
                .satisfies(s -> assertThat(s.details()).containsEntry("count", 5).containsEntry("severity", "high"));
    }

    @Test
    void aNewCountryOrDeviceFiresTheFirstLoginAndTheUsualPlaceDoNot() {
        Origin home = new Origin(null, "Firefox 121", "Windows 10", "desktop", "GB", null, null, null, null);
        Origin updated = new Origin(null, "Firefox 122", "Windows 10", "desktop", "GB", null, null, null, null);
        Origin abroad = new Origin(null, "Mobile Safari 17", "iOS 17", "mobile", "DE", null, null, null, null);
        assertThat(judge(login(AuditAction.LOGIN, "t", "1.1.1.1", T0).withOrigin(home))).as("first login").isEmpty();
        assertThat(judge(login(AuditAction.LOGIN, "t", "1.1.1.1", T0 + 1).withOrigin(updated))).isEmpty();
        List<AuditEntry> raised = judge(login(AuditAction.LOGIN, "t", "2.2.2.2", T0 + 2).withOrigin(abroad));
        assertThat(raised).extracting(AuditEntry::action)
                .containsExactlyInAnyOrder(AuditAction.SIGNAL_NEW_COUNTRY, AuditAction.SIGNAL_NEW_DEVICE);
        assertThat(judge(login(AuditAction.LOGIN, "t", "2.2.2.2", T0 + 3).withOrigin(abroad))).isEmpty();
        // Beyond the history window the old place is forgotten.
        set("new-country", new RuleSettings(true, null, null, 1));
        long twoDaysLater = T0 + 2 * 86_400_000L;
        assertThat(judge(login(AuditAction.LOGIN, "t", "1.1.1.1", twoDaysLater).withOrigin(abroad))).isEmpty();
        assertThat(judge(login(AuditAction.LOGIN, "t", "1.1.1.1", twoDaysLater + 1).withOrigin(home)))
                .extracting(AuditEntry::action).containsExactly(AuditAction.SIGNAL_NEW_COUNTRY);
    }

    @Test
    void privilegedGrantsAndAuditAdminGroupsFireOrdinaryGrantsDoNot() {
        Resource user = new Resource("user", "u", "u");
        assertThat(judge(admin(AuditAction.ROLE_ASSIGNED, user, T0, Map.of("roles", List.of("reader")))))
                .isEmpty();
        assertThat(judge(admin(AuditAction.ROLE_ASSIGNED, user, T0, Map.of("roles", List.of("realm-admin"),
                "privilegedRoles", List.of("realm-admin"))))).singleElement()
                .satisfies(s -> assertThat((String) s.details().get("reason")).contains("realm-admin"));
        AuditEntry joined = new AuditEntry("g1", T0, REALM, List.of(new OrganizationRef("o1", "Acme")),
                AuditAction.GROUP_MEMBER_ADDED, Outcome.success(), ADMIN, user, List.of(), null, null,
                Source.ADMIN_API, Map.of("group", "audit-admins", "resourcePath", "organizations/o1/groups/g/members/u"));
        assertThat(judge(joined)).singleElement().satisfies(s -> {
            assertThat(s.organizations()).extracting(OrganizationRef::id).containsExactly("o1");
            assertThat((String) s.details().get("reason")).contains("audit-admins of Acme");
        });
        AuditEntry realmGroup = new AuditEntry("g2", T0, REALM, List.of(), AuditAction.GROUP_MEMBER_ADDED,
                Outcome.success(), ADMIN, user, List.of(), null, null, Source.ADMIN_API, Map.of("group", "audit-admins"));
        assertThat(judge(realmGroup)).as("a realm group that happens to bear the name").isEmpty();
        AuditEntry orgRealmGroup = new AuditEntry("g3", T0, REALM, List.of(new OrganizationRef("o1", "Acme")),
                AuditAction.GROUP_MEMBER_ADDED, Outcome.success(), ADMIN, user, List.of(), null, null, Source.ADMIN_API,
                Map.of("group", "audit-admins", "resourcePath", "groups/g/members/u"));
        assertThat(judge(orgRealmGroup)).as("an Acme member joining a realm group of that name").isEmpty();
        // Keycloak 26.4 and 26.5: an organization's audit admins are its attribute.
        String carol = "0b5c8a1e-1111-4a3b-9c2d-000000000001";
        String dave = "0b5c8a1e-1111-4a3b-9c2d-000000000002";
        AuditEntry attribute = new AuditEntry("o-up", T0, REALM, List.of(new OrganizationRef("o1", "Acme")),
                AuditAction.ORG_UPDATED, Outcome.success(), ADMIN, new Resource("organization", "o1", "Acme"),
                List.of(new dev.kcaudit.audit.model.Change("attributes.audit-admins", "[" + carol + "]",
                        "[" + carol + ", " + dave + "]")), null, null, Source.ADMIN_API, Map.of());
        assertThat(judge(attribute)).singleElement().satisfies(s -> assertThat((String) s.details().get("reason"))
                .contains(dave).doesNotContain(carol));
        AuditEntry removed = new AuditEntry("o-down", T0, REALM, List.of(new OrganizationRef("o1", "Acme")),
                AuditAction.ORG_UPDATED, Outcome.success(), ADMIN, new Resource("organization", "o1", "Acme"),
                List.of(new dev.kcaudit.audit.model.Change("attributes.audit-admins", "[" + carol + ", " + dave + "]",
                        "[" + carol + "]")), null, null, Source.ADMIN_API, Map.of());
        assertThat(judge(removed)).isEmpty();
    }

    @Test
    void secretsKeysAndCredentialsFireOtherChangesDoNot() {
        Resource idp = new Resource("identity-provider", "partner", "partner");
        assertThat(judge(admin(AuditAction.IDP_UPDATED, idp, T0, Map.of()))).isEmpty();
        assertThat(judge(admin(AuditAction.IDP_UPDATED, idp, T0, Map.of("sensitiveFieldsChanged",
                List.of("config.clientSecret"))))).hasSize(1);
        assertThat(judge(admin(AuditAction.CLIENT_SECRET_ROTATED, new Resource("client", "c", "app"), T0, Map.of())))
                .hasSize(1);
        assertThat(judge(admin(AuditAction.REALM_KEYS_CHANGED, new Resource("component", "k", "rsa"), T0, Map.of())))
                .hasSize(1);
    }

    @Test
    void theDetailsTheRulesReadSurviveTheRedactionEveryStoredEntryGets() {
        // "secretsChanged" was the first name, and the store's redaction took it for a secret: the signal never fired.
        AuditEntry entry = admin(AuditAction.IDP_UPDATED, new Resource("identity-provider", "p", "p"), T0,
                Map.of("sensitiveFieldsChanged", List.of("config.clientSecret"), "privilegedRoles", List.of("realm-admin")));
        AuditEntry stored = dev.kcaudit.audit.redaction.EntryRedaction.entry(entry,
                dev.kcaudit.audit.redaction.Redactor.standard());
        assertThat(stored.details()).containsKeys("sensitiveFieldsChanged", "privilegedRoles");
        assertThat(judge(stored)).hasSize(1);
    }

    @Test
    void changesOutsideBusinessHoursFireOncePerAdminAndWindow() {
        set("off-hours", new RuleSettings(true, null, 60, null));
        Resource group = new Resource("group", "g", "g");
        assertThat(judge(admin(AuditAction.GROUP_CREATED, group, T0, Map.of()))).as("Wednesday 10:00").isEmpty();
        long night = ZonedDateTime.parse("2026-12-02T22:30:00Z").toInstant().toEpochMilli();
        assertThat(judge(admin(AuditAction.GROUP_CREATED, group, night, Map.of()))).hasSize(1);
        assertThat(judge(admin(AuditAction.GROUP_UPDATED, group, night + 60_000, Map.of()))).isEmpty();
        // A login at night is no administrative change; an export is a read.
        assertThat(judge(login(AuditAction.LOGIN, "u", "1.1.1.1", night + 61 * 60_000))).isEmpty();
        assertThat(judge(admin(AuditAction.AUDIT_EXPORTED, group, night + 62 * 60_000, Map.of()))).isEmpty();
        long saturday = ZonedDateTime.parse("2026-12-05T10:00:00Z").toInstant().toEpochMilli();
        assertThat(judge(admin(AuditAction.GROUP_CREATED, group, saturday, Map.of()))).hasSize(1);
        // In the realm's zone: 10:00 UTC is 19:00 in Tokyo, after hours.
        settings = new SignalSettings(true, new BusinessHours("Asia/Tokyo", List.of("MON", "TUE", "WED", "THU", "FRI"),
                "08:00", "18:00"), settings.rules());
        assertThat(judge(entry(AuditAction.GROUP_CREATED, new Actor("other", Actor.Type.USER, "other", null, null),
                group, null, T0, Map.of(), Source.ADMIN_API))).hasSize(1);
        // Overnight hours: 22:00–06:00 holds 23:00 and 05:00.
        BusinessHours nights = new BusinessHours("UTC", List.of("WED"), "22:00", "06:00");
        assertThat(nights.contains(night)).isTrue();
        assertThat(nights.contains(ZonedDateTime.parse("2026-12-03T05:00:00Z").toInstant().toEpochMilli())).isTrue();
        assertThat(nights.contains(T0)).isFalse();
    }

    @Test
    void massDeletionFiresAtTheThresholdPerActor() {
        set("mass-deletion", new RuleSettings(true, 3, 5, null));
        for (int i = 0; i < 2; i++) {
            assertThat(judge(admin(AuditAction.USER_DELETED, new Resource("user", "x" + i, null), T0 + i, Map.of())))
                    .isEmpty();
        }
        assertThat(judge(entry(AuditAction.USER_DELETED, new Actor("someone-else", Actor.Type.USER, "s", null, null),
                new Resource("user", "y", null), null, T0 + 3, Map.of(), Source.ADMIN_API))).isEmpty();
        assertThat(judge(admin(AuditAction.USER_DISABLED, new Resource("user", "z", null), T0 + 4, Map.of())))
                .singleElement().satisfies(s -> assertThat(s.details()).containsEntry("count", 3));
    }

    @Test
    void captureReducedFiresCaptureWidenedDoesNot() {
        Resource config = new Resource("audit-config", REALM, "r");
        assertThat(judge(admin(AuditAction.AUDIT_CAPTURE_CATEGORY_ADDED, config, T0, Map.of("categories",
                List.of("scim"))))).isEmpty();
        assertThat(judge(admin(AuditAction.AUDIT_CAPTURE_CATEGORY_REMOVED, config, T0, Map.of("categories",
                List.of("scim"))))).singleElement().satisfies(s -> assertThat((String) s.details().get("reason"))
                .endsWith("stopped capturing scim"));
        assertThat(judge(entry(AuditAction.AUDIT_CAPTURE_DISABLED, Actor.system(), null, null, T0, Map.of(),
                Source.SYSTEM))).hasSize(1);
    }

    @Test
    void aBacklogJudgedLateKeepsItsBurstsApart() {
        // Both bursts are judged an hour after the second (the log was down): the quiet window follows the triggers.
        now = T0 + 3 * 3_600_000L;
        for (int burst = 0; burst < 2; burst++) {
            long start = T0 + burst * 3_600_000L;
            for (int i = 0; i < 4; i++) {
                judge(login(AuditAction.LOGIN_FAILED, "late", "10.3.0.1", start + i));
            }
            assertThat(judge(login(AuditAction.LOGIN_FAILED, "late", "10.3.0.1", start + 10))).as("burst " + burst)
                    .hasSize(1);
        }
    }

    @Test
    void switchingSignalsOffIsItselfASignalWhateverTheNewSettingsSay() {
        Resource config = new Resource("audit-config", REALM, "r");
        settings = new SignalSettings(false, null, Map.of());
        AuditEntry off = new AuditEntry("c1", T0, REALM, List.of(), AuditAction.AUDIT_CONFIG_UPDATED,
                Outcome.success(), ADMIN, config, List.of(new dev.kcaudit.audit.model.Change("signals.enabled", "true",
                "false"), new dev.kcaudit.audit.model.Change("retentionDays", "365", "30")), null, null,
                Source.ADMIN_API, Map.of());
        assertThat(judge(off)).singleElement().satisfies(s -> {
            assertThat(s.action()).isEqualTo(AuditAction.SIGNAL_CAPTURE_REDUCED);
            assertThat((String) s.details().get("reason")).endsWith("switched off signals.enabled");
        });
        settings = SignalSettings.defaults();
        AuditEntry ruleOff = new AuditEntry("c2", T0, REALM, List.of(), AuditAction.AUDIT_CONFIG_UPDATED,
                Outcome.success(), ADMIN, config, List.of(new dev.kcaudit.audit.model.Change(
                "signals.rules.capture-reduced.enabled", "true", "false")), null, null, Source.ADMIN_API, Map.of());
        set("capture-reduced", new RuleSettings(false, null, null, null));
        assertThat(judge(ruleOff)).hasSize(1);
        AuditEntry other = new AuditEntry("c3", T0, REALM, List.of(), AuditAction.AUDIT_CONFIG_UPDATED,
                Outcome.success(), ADMIN, config, List.of(new dev.kcaudit.audit.model.Change(
                "signals.rules.off-hours.enabled", "false", "true")), null, null, Source.ADMIN_API, Map.of());
        assertThat(judge(other)).as("switching a rule on").isEmpty();
    }

    @Test
    void switchedOffRulesAndSignalsThemselvesAreNotJudged() {
        settings = new SignalSettings(false, null, Map.of());
        assertThat(judge(admin(AuditAction.CLIENT_SECRET_ROTATED, new Resource("client", "c", "app"), T0, Map.of())))
                .isEmpty();
        settings = SignalSettings.defaults();
        set("secret-changed", new RuleSettings(false, null, null, null));
        assertThat(judge(admin(AuditAction.CLIENT_SECRET_ROTATED, new Resource("client", "c", "app"), T0, Map.of())))
                .isEmpty();
        assertThat(new SignalJudge(history(), r -> SignalSettings.defaults(), () -> now)
                .concerns(REALM, "signal.failed-logins-user", "system")).isFalse();
    }

    @Test
    void aSignalIsScopedToWhatAllItsTriggersShare() {
        TeamRef platform = new TeamRef("t1", "Platform");
        TeamRef web = new TeamRef("t2", "Web");
        for (int i = 0; i < 5; i++) {
            List<OrganizationRef> orgs = i == 0
                    ? List.of(new OrganizationRef("o1", "Acme", List.of(platform)), new OrganizationRef("o2", "Globex"))
                    : List.of(new OrganizationRef("o1", "Acme", List.of(platform, web)));
            log.add(new AuditEntry("f" + i, T0 + i, REALM, orgs, AuditAction.LOGIN_FAILED,
                    Outcome.failure("x"), new Actor("u", Actor.Type.USER, "u", null, null),
                    new Resource("user", "u", "u"), List.of(), null, null, Source.LOGIN, Map.of()));
        }
        List<AuditEntry> raised = new SignalJudge(history(), r -> settings, () -> now).judge(log.get(4));
        assertThat(raised).singleElement().satisfies(s -> assertThat(s.organizations())
                .containsExactly(new OrganizationRef("o1", "Acme", List.of(platform))));
    }

    /** The log as the store would answer the rules. */
    private SignalHistory history() {
        return new SignalHistory() {
            @Override
            public List<Trigger> matching(Match m, long from, long to, int max) {
                return log.stream().filter(e -> m.actions().contains(e.action()) && e.time() >= from
                                && e.time() <= to && subject(m, e))
                        .sorted(Comparator.comparingLong(AuditEntry::time).reversed()).limit(max)
                        .map(e -> new Trigger(e.id(), e.time())).toList();
            }

            private boolean subject(Match m, AuditEntry e) {
                if (m.resourceId() != null) {
                    return e.resource() != null && m.resourceId().equals(e.resource().id());
                }
                if (m.anonymousName() != null) {
                    return e.resource() == null && m.anonymousName().equals(e.actor().username());
                }
                if (m.actorId() != null) {
                    return m.actorId().equals(e.actor().id());
                }
                if (m.ipRange() == null) {
                    return true;
                }
                String key = IpKey.of(e.ipAddress());
                return key != null && key.compareTo(m.ipRange().low()) >= 0 && key.compareTo(m.ipRange().high()) <= 0;
            }

            @Override
            public Map<String, List<OrganizationRef>> organizations(java.util.Collection<String> entryIds) {
                Map<String, List<OrganizationRef>> found = new HashMap<>();
                log.stream().filter(e -> entryIds.contains(e.id())).forEach(e -> found.put(e.id(), e.organizations()));
                return found;
            }

            @Override
            public List<Origin> loginOrigins(String realmId, String userId, long from, long to, String except,
                                             int max) {
                return log.stream().filter(e -> e.action() == AuditAction.LOGIN && e.resource() != null
                                && userId.equals(e.resource().id()) && e.time() >= from && e.time() <= to
                                && !e.id().equals(except)).map(AuditEntry::origin).filter(Objects::nonNull)
                        .limit(max).toList();
            }

            @Override
            public boolean raised(String realmId, AuditAction signal, String subjectId, long since) {
                return log.stream().anyMatch(e -> e.action() == signal && e.resource() != null
                        && subjectId.equals(e.resource().id()) && ((Number) e.details().get("lastTime")).longValue() >= since);
            }
        };
    }
}
