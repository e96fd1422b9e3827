package dev.kcaudit.audit.compat;

import java.util.ArrayList;
import java.util.List;

/**
 * Pure: what this extension can do on a given Keycloak, and what it should tell the admin at start-up. One jar runs on
 * Keycloak {@value #OLDEST} through {@value #NEWEST}; what an older minor lacks is degraded, never fatal, and never
 * costs a user event (docs/compatibility.md has the same table).
 */
/**
 * @param themeBuiltWith the {@code @keycloak/keycloak-admin-ui} version of the installed theme; empty when the theme
 *                       does not say, null when no theme is installed
 */
public record KeycloakCompatibility(String serverVersion, boolean nativeScim, boolean organizationGroups,
                                    String themeBuiltWith) {

    /** The oldest and newest supported minors; CI runs the integration suite on each (docs/compatibility.md). */
    public static final String OLDEST = "26.4";
    public static final String NEWEST = "26.7";

    /** One line for the log. */
    public record Message(boolean error, String text) {
    }

    public List<Message> messages() {
        List<Message> out = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        if (!nativeScim) {
            degraded.add("SCIM provisioning entries (no native SCIM API)");
        }
        if (!organizationGroups) {
            degraded.add("organization admins from the audit-admins organization group (no organization groups; "
                    + "the organization attribute audit-admins is read instead)");
        }
        out.add(new Message(false, "Keycloak Audit Log on Keycloak " + serverVersion + " (supported " + OLDEST + " to "
                + NEWEST + "); degraded: " + (degraded.isEmpty() ? "nothing" : String.join("; ", degraded))));
        if (!supported(serverVersion)) {
            out.add(new Message(true, "Keycloak " + serverVersion + " is outside the versions this extension supports ("
                    + OLDEST + " to " + NEWEST + "): capture, storage and the REST API may fail; "
                    + "see docs/compatibility.md"));
        }
        if (themeBuiltWith == null) {
            out.add(new Message(false, "The audit-log admin theme is not installed: the Audit log console page is "
                    + "unavailable (the REST API works without it)"));
        } else if (themeBuiltWith.isEmpty()) {
            out.add(new Message(false, "The installed audit-log admin theme does not say which Keycloak admin console "
                    + "it was built with (a build before this check); install the theme jar of this release"));
        } else if (!supported(themeBuiltWith)) {
            out.add(new Message(true, "The installed audit-log admin theme was built with Keycloak's admin console "
                    + themeBuiltWith + ", which is outside " + OLDEST + " to " + NEWEST + ": install the theme jar of "
                    + "this release (docs/compatibility.md)"));
        } else if (!supported(serverVersion)) {
            out.add(new Message(true, "The audit-log admin theme (built with Keycloak's admin console " + themeBuiltWith
                    + ") is untested on Keycloak " + serverVersion + "; use Keycloak's keycloak.v2 admin theme there"));
        }
        return out;
    }

    /** Whether a version's minor lies in the supported range. */
    static boolean supported(String version) {
        int[] v = minor(version);
        int[] oldest = minor(OLDEST);
        int[] newest = minor(NEWEST);
        return v != null && compare(v, oldest) >= 0 && compare(v, newest) <= 0;
    }

    private static int compare(int[] a, int[] b) {
        return a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]);
    }

    private static int[] minor(String version) {
        if (version == null) {
            return null;
        }
        String[] parts = version.split("[.-]");
        try {
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (RuntimeException e) {
            return null;
        }
    }
}
