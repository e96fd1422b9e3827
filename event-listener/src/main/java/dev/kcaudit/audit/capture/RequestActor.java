package dev.kcaudit.audit.capture;

import dev.kcaudit.audit.model.Actor;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.JsonWebToken;

/** The admin behind the current request, for changes Keycloak sends no admin event for. */
public final class RequestActor {

    private RequestActor() {
    }

    /**
     * From the bearer token Keycloak's admin endpoint has verified. Admin tokens may carry no {@code sub}, so the user
     * comes from the context, which resolves it through the token's session. {@code system} without a request.
     */
    public static Actor of(KeycloakSession session) {
        if (!(session.getContext().getBearerToken() instanceof JsonWebToken token) || token.getIssuer() == null) {
            return Actor.system();
        }
        String issuer = token.getIssuer();
        RealmModel authRealm = session.realms().getRealmByName(issuer.substring(issuer.lastIndexOf('/') + 1));
        String clientId = token instanceof AccessToken access ? access.getIssuedFor() : null;
        UserModel user = session.getContext().getUser();
        String userId = user != null ? user.getId() : token.getSubject();
        return new ContextResolver(session).actor(authRealm, userId, null, clientId);
    }
}
