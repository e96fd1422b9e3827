package dev.kcaudit.audit.compat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Properties;
import org.jboss.logging.Logger;
import org.keycloak.common.Profile;
import org.keycloak.common.Version;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * Logs once at start-up which Keycloak this runs on, what is degraded there, and an error when the server or the
 * installed admin theme is outside the supported range. Probes what the server has without touching what it lacks.
 */
public final class StartupReport {

    /** Written into the theme jar: the {@code @keycloak/keycloak-admin-ui} version the console page is built with. */
    static final String THEME_BUILD = "theme/audit-log/admin/audit-log-build.properties";

    private static final Logger LOG = Logger.getLogger(StartupReport.class);

    private StartupReport() {
    }

    public static KeycloakCompatibility probe() {
        return new KeycloakCompatibility(Version.VERSION, scimFeatureEnabled(), hasOrganizationGroups(),
                themeBuiltWith());
    }

    public static void log() {
        for (KeycloakCompatibility.Message m : probe().messages()) {
            if (m.error()) {
                LOG.error(m.text());
            } else {
                LOG.info(m.text());
            }
        }
    }

    private static boolean scimFeatureEnabled() {
        return Arrays.stream(Profile.Feature.values()).filter(f -> f.name().equals("SCIM_API"))
                .anyMatch(Profile::isFeatureEnabled);
    }

    public static boolean hasOrganizationGroups() {
        try {
            OrganizationProvider.class.getMethod("getOrganizationGroupsByMember", OrganizationModel.class,
                    UserModel.class);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static String themeBuiltWith() {
        try (InputStream in = StartupReport.class.getClassLoader().getResourceAsStream(THEME_BUILD)) {
            if (in == null) {
                return StartupReport.class.getClassLoader().getResource("theme/audit-log/admin/theme.properties")
                        == null ? null : "";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("keycloak-admin-ui", "");
        } catch (IOException e) {
            return "";
        }
    }
}
