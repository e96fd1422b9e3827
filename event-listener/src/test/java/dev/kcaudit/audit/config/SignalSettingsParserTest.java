package dev.kcaudit.audit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kcaudit.audit.config.AuditConfigParser.InvalidConfig;
import dev.kcaudit.audit.model.SignalRule;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

/** The {@code signals} settings: partial documents merge, every bad value names its field, stored JSON reads back. */
class SignalSettingsParserTest {

    private static AuditConfig parse(String json) {
        return AuditConfigParser.parse(json, AuditConfig.defaults());
    }

    private static void rejected(String json, String field) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(InvalidConfig.class)
                .satisfies(e -> assertThat(((InvalidConfig) e).field()).isEqualTo(field));
    }

    @Test
    void everyRuleHasItsDefaultsAndOffHoursIsOff() {
        SignalSettings s = AuditConfig.defaults().signals();
        assertThat(s.enabled()).isTrue();
        assertThat(s.rules().keySet()).containsExactly(java.util.Arrays.stream(SignalRule.values())
                .map(SignalRule::id).toArray(String[]::new));
        assertThat(s.judges(SignalRule.OFF_HOURS)).isFalse();
        assertThat(s.rule(SignalRule.FAILED_LOGINS_USER).threshold()).isEqualTo(5);
        assertThat(s.rule(SignalRule.NEW_COUNTRY).threshold()).isNull();
        assertThat(s.rule(SignalRule.NEW_COUNTRY).historyDays()).isEqualTo(90);
    }

    @Test
    void aPartialDocumentChangesOnlyWhatItNames() {
        // A rule that takes no threshold keeps null where the document leaves it out (this unboxed to a 500 once).
        SignalSettings s = parse("{\"signals\": {\"rules\": {\"mass-deletion\": {\"threshold\": 3},"
                + " \"new-device\": {\"enabled\": false}}}}").signals();
        assertThat(s.rule(SignalRule.MASS_DELETION).threshold()).isEqualTo(3);
        assertThat(s.rule(SignalRule.MASS_DELETION).windowMinutes()).isEqualTo(5);
        assertThat(s.rule(SignalRule.NEW_DEVICE).enabled()).isFalse();
        assertThat(s.rule(SignalRule.NEW_DEVICE).historyDays()).isEqualTo(90);
        assertThat(s.rule(SignalRule.FAILED_LOGINS_USER)).isEqualTo(SignalSettings.defaults()
                .rule(SignalRule.FAILED_LOGINS_USER));
        SignalSettings hours = parse("{\"signals\": {\"businessHours\": {\"timeZone\": \"Europe/Berlin\","
                + " \"days\": [\"FRI\", \"MON\", \"MON\"]}}}").signals();
        assertThat(hours.businessHours().days()).containsExactly("MON", "FRI");
        assertThat(hours.businessHours().start()).isEqualTo("08:00");
    }

    @Test
    void badValuesNameTheirField() {
        rejected("{\"signals\": []}", "signals");
        rejected("{\"signals\": {\"loud\": true}}", "signals.loud");
        rejected("{\"signals\": {\"enabled\": \"yes\"}}", "signals.enabled");
        rejected("{\"signals\": {\"rules\": {\"nope\": {}}}}", "signals.rules");
        rejected("{\"signals\": {\"rules\": {\"mass-deletion\": {\"threshold\": 0}}}}",
                "signals.rules.mass-deletion.threshold");
        rejected("{\"signals\": {\"rules\": {\"mass-deletion\": {\"windowMinutes\": 1441}}}}",
                "signals.rules.mass-deletion.windowMinutes");
        rejected("{\"signals\": {\"rules\": {\"new-country\": {\"threshold\": 3}}}}",
                "signals.rules.new-country.threshold");
        rejected("{\"signals\": {\"businessHours\": {\"timeZone\": \"Mars/Olympus\"}}}",
                "signals.businessHours.timeZone");
        rejected("{\"signals\": {\"businessHours\": {\"start\": \"8am\"}}}", "signals.businessHours.start");
        rejected("{\"signals\": {\"businessHours\": {\"days\": [\"MONDAY\"]}}}", "signals.businessHours.days");
        rejected("{\"categories\": [\"security\"]}", "categories");
        rejected("{\"signals\": {\"businessHours\": {\"start\": \"09:00\", \"end\": \"09:00\"}}}",
                "signals.businessHours.end");
    }

    @Test
    void storedSettingsReadBackAndOldOnesGetTheDefaults() throws Exception {
        AuditConfig changed = parse("{\"signals\": {\"enabled\": false, \"rules\": {\"off-hours\": {\"enabled\": true}}}}");
        String json = JsonSerialization.writeValueAsString(changed);
        assertThat(JsonSerialization.readValue(json, AuditConfig.class)).isEqualTo(changed);
        // Settings stored before signals existed have none: they get every default.
        String old = json.replaceAll(",\"signals\":\\{.*\\}\\}$", "}");
        assertThat(old).doesNotContain("signals");
        assertThat(JsonSerialization.readValue(old, AuditConfig.class).signals()).isEqualTo(SignalSettings.defaults());
        assertThat(AuditConfig.defaults().categories()).doesNotContain("security");
        // Business hours stored without some part take that part's default.
        assertThat(JsonSerialization.readValue("{\"timeZone\":\"Asia/Tokyo\"}", SignalSettings.BusinessHours.class))
                .isEqualTo(new SignalSettings.BusinessHours("Asia/Tokyo", List.of("MON", "TUE", "WED", "THU", "FRI"),
                        "08:00", "18:00"));
        assertThat(List.copyOf(AuditConfig.defaults().categories())).hasSize(11);
    }
}
