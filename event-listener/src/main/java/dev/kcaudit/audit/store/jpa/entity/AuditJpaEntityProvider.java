package dev.kcaudit.audit.store.jpa.entity;

import java.util.List;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

/** Hands our entities and Liquibase changelog to Keycloak's JPA setup. */
public class AuditJpaEntityProvider implements JpaEntityProvider {

    @Override
    public List<Class<?>> getEntities() {
        return List.of(AuditEntryEntity.class, AuditEntryChainEntity.class, AuditEntryOrgEntity.class,
                AuditResourceStateEntity.class, AuditExportJobEntity.class, AuditExportChunkEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/audit-changelog-master.xml";
    }

    @Override
    public String getFactoryId() {
        return AuditJpaEntityProviderFactory.PROVIDER_ID;
    }

    @Override
    public void close() {
    }
}
