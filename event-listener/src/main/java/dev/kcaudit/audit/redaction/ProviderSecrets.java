package dev.kcaudit.audit.redaction;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ConfiguredProvider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.Spi;

/**
 * The names of every provider config property Keycloak itself marks secret (type {@code Password} or
 * {@code secret}), over all provider factories of the running server: components (key providers, user federation),
 * authenticators, required actions, identity providers, client policies… including custom ones. Their configs reach
 * admin events by those names, so they are secret by construction rather than by luck of naming.
 */
public final class ProviderSecrets {

    private static final Logger LOG = Logger.getLogger(ProviderSecrets.class);
    private static volatile Set<String> names = Set.of();

    private ProviderSecrets() {
    }

    /** The collected names, normalised; empty until {@link #collect} ran. */
    public static Set<String> names() {
        return names;
    }

    /** Reads every factory's config metadata once the server has started. */
    public static void collect(KeycloakSessionFactory factory) {
        Set<String> found = new TreeSet<>();
        for (Spi spi : factory.getSpis()) {
            factory.getProviderFactoriesStream(spi.getProviderClass()).forEach(f -> {
                try {
                    @SuppressWarnings("unchecked")
                    Collection<ProviderConfigProperty> metadata = f.getConfigMetadata();
                    add(found, metadata);
                    if (f instanceof ConfiguredProvider configured) {
                        add(found, configured.getConfigProperties());
                    }
                } catch (RuntimeException e) {
                    // A factory that cannot describe itself yet adds no names; the vocabulary still applies.
                    LOG.debugf(e, "No config metadata from %s", f.getId());
                }
            });
        }
        if (!found.equals(names)) {
            LOG.infof("Audit log redaction: %d config names that providers declare secret: %s", found.size(), found);
        }
        names = Set.copyOf(found);
    }

    static void add(Set<String> found, Collection<ProviderConfigProperty> properties) {
        if (properties == null) {
            return;
        }
        for (ProviderConfigProperty p : properties) {
            boolean secret = p != null && (p.isSecret() || ProviderConfigProperty.PASSWORD.equals(p.getType()));
            if (secret && p.getName() != null) {
                found.add(SecretNames.normalise(p.getName()));
            }
        }
    }
}
