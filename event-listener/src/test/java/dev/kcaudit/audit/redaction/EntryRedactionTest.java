package dev.kcaudit.audit.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcaudit.audit.model.Actor;
import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.Change;
import dev.kcaudit.audit.model.Outcome;
import dev.kcaudit.audit.model.Source;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

class EntryRedactionTest {

    private final Redactor redactor = new Redactor(Set.of(), Set.of());

    private static AuditEntry entry(List<Change> changes, Map<String, Object> details) {
        return new AuditEntry("e1", 1L, "r1", List.of(), AuditAction.CLIENT_UPDATED, Outcome.success(),
                Actor.system(), null, changes, null, null, Source.ADMIN_API, details);
    }

    @Test
    void anEntryLosesSecretsFromItsDetailsAndChanges() throws Exception {
        AuditEntry dirty = entry(List.of(new Change("attributes.saml.signing.private.key", null, "k"),
                        new Change("description", "a", "b")),
                Map.of("resourcePath", "clients/c1", "representation",
                        new ObjectMapper().readTree("{\"clientId\":\"x\",\"registrationAccessToken\":\"t\"}")));
        AuditEntry clean = EntryRedaction.entry(dirty, redactor);
        assertThat(clean.changes()).extracting(Change::field).containsExactly("description");
        assertThat(clean.details().toString()).contains("clientId").doesNotContain("registrationAccessToken");
        assertThat(clean.id()).isEqualTo("e1");
    }

    @Test
    void aCleanEntryIsLeftAsItIs() {
        AuditEntry clean = entry(List.of(new Change("description", "a", "b")), Map.of("operation", "UPDATE"));
        assertThat(EntryRedaction.entry(clean, redactor)).isSameAs(clean);
    }

    @Test
    void storedColumnsAreRewrittenOnlyWhenTheyHeldASecret() {
        String details = "{\"representation\":{\"attributes\":{\"saml.encryption.private.key\":\"k\",\"a\":\"b\"}}}";
        assertThat(EntryRedaction.json(details, redactor)).isEqualTo("{\"representation\":{\"attributes\":{\"a\":\"b\"}}}");
        String clean = "{\"operation\":\"UPDATE\"}";
        assertThat(EntryRedaction.json(clean, redactor)).isSameAs(clean);
        String changes = "[{\"field\":\"attributes.saml.signing.private.key\",\"oldValue\":\"o\",\"newValue\":\"n\"},"
                + "{\"field\":\"description\",\"newValue\":\"d\"}]";
        assertThat(EntryRedaction.changes(changes, redactor)).isEqualTo("[{\"field\":\"description\",\"newValue\":\"d\"}]");
        assertThat(EntryRedaction.changes("[{\"field\":\"secret\",\"newValue\":\"s\"}]", redactor)).isNull();
        String cleanChanges = "[{\"field\":\"description\",\"newValue\":\"d\"}]";
        assertThat(EntryRedaction.changes(cleanChanges, redactor)).isSameAs(cleanChanges);
    }

    @Test
    void providerPropertiesMarkedSecretOrTypedPasswordAreCollectedNormalised() {
        ProviderConfigProperty hidden = new ProviderConfigProperty("sms.gateway-key", "Key", null,
                ProviderConfigProperty.STRING_TYPE, null, true);
        ProviderConfigProperty typed = new ProviderConfigProperty("relayPin", "Pin", null,
                ProviderConfigProperty.PASSWORD, null);
        ProviderConfigProperty plain = new ProviderConfigProperty("sender", "Sender", null,
                ProviderConfigProperty.STRING_TYPE, null);
        Set<String> found = new TreeSet<>();
        ProviderSecrets.add(found, List.of(hidden, typed, plain));
        assertThat(found).containsExactly("relaypin", "smsgatewaykey");
    }
}
