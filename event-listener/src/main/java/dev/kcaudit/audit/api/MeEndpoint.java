package dev.kcaudit.audit.api;

import dev.kcaudit.audit.access.Teams;
import dev.kcaudit.audit.api.representation.MeRepresentation;
import dev.kcaudit.audit.i18n.AuditMessages;
import dev.kcaudit.audit.model.OrganizationRef;
import dev.kcaudit.audit.model.OrganizationRefs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** {@code GET me}: who the caller is to the audit log, what they may read and do; the console shapes itself by it. */
final class MeEndpoint {

    private final KeycloakSession session;
    private final AdminPermissionEvaluator auth;

    MeEndpoint(KeycloakSession session, AdminPermissionEvaluator auth) {
        this.session = session;
        this.auth = auth;
    }

    /** @param messages the caller's language, whose tag the console uses */
    MeRepresentation me(CallerScope scope, AuditMessages messages) {
        List<OrganizationRef> administered = scope.wholeRealm() ? List.of() : administered(scope);
        boolean manage = auth.realm().canManageEvents();
        UserModel user = auth.adminAuth().getUser();
        return new MeRepresentation(user == null ? null : user.getUsername(), scope.wholeRealm(), administered,
                manage || scope.wholeRealm(), manage, scope.wholeRealm(), messages.locale().toLanguageTag());
    }

    /** The caller's organizations, whole, and the organizations of their teams, with those teams. */
    private List<OrganizationRef> administered(CallerScope scope) {
        List<OrganizationRef> refs = new ArrayList<>(OrganizationRefs.merged(scope.organizations().stream()
                .map(tag -> Teams.refOf(session, session.getContext().getRealm(), tag)).filter(Objects::nonNull)
                .toList()));
        refs.sort(Comparator.comparing(OrganizationRef::name));
        return refs;
    }
}
