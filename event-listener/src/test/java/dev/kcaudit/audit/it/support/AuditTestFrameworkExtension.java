package dev.kcaudit.audit.it.support;

import java.util.List;
import org.keycloak.testframework.TestFrameworkExtension;
import org.keycloak.testframework.injection.Supplier;

/** Our additions to Keycloak's test framework: the server supplier for older Keycloak minors. */
public class AuditTestFrameworkExtension implements TestFrameworkExtension {

    @Override
    public List<Supplier<?, ?>> suppliers() {
        return List.of(new OlderDistributionSupplier());
    }
}
