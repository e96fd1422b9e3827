package dev.kcaudit.audit.it.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.MemberRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The Keycloak the integration tests run ({@code audit.it.keycloak.version}, set by the build from
 * {@code keycloak.dist.version}) and the features it has. docs/compatibility.md has the same table.
 */
public final class KeycloakVersion {

    /** What an older supported minor lacks, with the first minor that has it. */
    public enum Feature {
        /** The native SCIM 2.0 API ({@code --features=scim-api}, realm flag {@code scimApiEnabled}). */
        NATIVE_SCIM(26, 6),
        /** Organization groups (and with them the {@code audit-admins} organization group). */
        ORGANIZATION_GROUPS(26, 6);

        private final int major;
        private final int minor;

        Feature(int major, int minor) {
            this.major = major;
            this.minor = minor;
        }

        public String since() {
            return major + "." + minor;
        }
    }

    public static final String VERSION = System.getProperty("audit.it.keycloak.version", "26.7.3");
    private static final int MAJOR = part(0);
    private static final int MINOR = part(1);

    private KeycloakVersion() {
    }

    public static boolean has(Feature feature) {
        return MAJOR > feature.major || MAJOR == feature.major && MINOR >= feature.minor;
    }

    /**
     * The token endpoint's status for {@code invalid_grant} (a wrong password, an unknown user): 400 since Keycloak
     * 26.6 (RFC 6749 5.2, keycloak#46528), 401 before.
     */
    public static int invalidGrantStatus() {
        return MAJOR > 26 || MAJOR == 26 && MINOR >= 6 ? 400 : 401;
    }

    /** Whether the running Keycloak is this minor or newer. */
    public static boolean atLeast(int major, int minor) {
        return MAJOR > major || MAJOR == major && MINOR >= minor;
    }

    /** The minor, e.g. {@code 26.4}. */
    public static String minor() {
        return MAJOR + "." + MINOR;
    }

    /**
     * A realm as the running Keycloak can import it. Where organization groups are missing, an organization's
     * top-level {@code audit-admins} group becomes the organization attribute {@code audit-admins} listing its
     * members' user ids (users without an id get one), as docs/compatibility.md tells admins of 26.4 and 26.5;
     * where the native SCIM API is missing, {@code scimApiEnabled} is dropped.
     */
    public static RealmRepresentation adapt(RealmRepresentation realm) {
        if (!has(Feature.NATIVE_SCIM)) {
            realm.setScimApiEnabled(null);
        }
        if (!has(Feature.ORGANIZATION_GROUPS) && realm.getOrganizations() != null) {
            Map<String, String> ids = new LinkedHashMap<>();
            List<UserRepresentation> users = realm.getUsers() == null ? List.of() : realm.getUsers();
            for (UserRepresentation user : users) {
                if (user.getId() == null) {
                    user.setId(UUID.nameUUIDFromBytes((realm.getRealm() + "/" + user.getUsername()).getBytes())
                            .toString());
                }
                ids.put(user.getUsername(), user.getId());
            }
            for (OrganizationRepresentation org : realm.getOrganizations()) {
                List<String> admins = new ArrayList<>();
                String adminGroup = org.getGroups() == null ? null : org.getGroups().stream()
                        .filter(g -> "audit-admins".equals(g.getName())).map(GroupRepresentation::getId)
                        .findFirst().orElse(null);
                for (MemberRepresentation member : org.getMembers() == null ? List.<MemberRepresentation>of()
                        : org.getMembers()) {
                    if (adminGroup != null && member.getGroups() != null && member.getGroups().contains(adminGroup)) {
                        admins.add(ids.get(member.getUsername()));
                    }
                    member.setGroups(null);
                }
                org.setGroups(null);
                if (!admins.isEmpty()) {
                    Map<String, List<String>> attributes = org.getAttributes() == null ? new LinkedHashMap<>()
                            : new LinkedHashMap<>(org.getAttributes());
                    attributes.put("audit-admins", admins);
                    org.setAttributes(attributes);
                }
            }
        }
        return realm;
    }

    private static int part(int i) {
        String[] parts = VERSION.split("\\.");
        return Integer.parseInt(parts[i]);
    }
}
