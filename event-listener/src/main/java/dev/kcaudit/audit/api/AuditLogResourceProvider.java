package dev.kcaudit.audit.api;

import dev.kcaudit.audit.feed.RateLimiter;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

public class AuditLogResourceProvider implements AdminRealmResourceProvider {

    private final RateLimiter feedLimiter;
    private final ReadLimiter readLimiter;

    AuditLogResourceProvider(RateLimiter feedLimiter, ReadLimiter readLimiter) {
        this.feedLimiter = feedLimiter;
        this.readLimiter = readLimiter;
    }

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                              AdminEventBuilder adminEvent) {
        return new AuditLogResource(session, realm, auth, feedLimiter, readLimiter);
    }

    @Override
    public void close() {
    }
}
