package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.model.AuditEntry;
import dev.kcaudit.audit.model.OrganizationRef;
import dev.kcaudit.audit.store.AuditStore;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryEntity;
import dev.kcaudit.audit.store.jpa.entity.AuditEntryOrgEntity;
import dev.kcaudit.audit.store.jpa.entity.AuditResourceStateEntity;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;

/** The store on Keycloak's own database, inside Keycloak's own transaction. */
public class JpaAuditStore implements AuditStore {

    private final EntityManager em;

    public JpaAuditStore(EntityManager em) {
        this.em = em;
    }

    @Override
    public void save(AuditEntry entry) {
        em.persist(EntityConverter.toEntity(entry));
        for (OrganizationRef org : entry.organizations()) {
            em.persist(new AuditEntryOrgEntity(entry.id(), org.id(), entry.realmId(), entry.time()));
        }
    }

    @Override
    public List<AuditEntry> newest(String realmId, int max) {
        return em.createQuery("select e from AuditEntryEntity e where e.realmId = :realm"
                        + " order by e.time desc, e.id desc", AuditEntryEntity.class)
                .setParameter("realm", realmId)
                .setMaxResults(max)
                .setHint("org.hibernate.readOnly", true)
                .getResultStream()
                .map(EntityConverter::toEntry)
                .toList();
    }

    @Override
    public Optional<AuditEntry> get(String realmId, String id) {
        AuditEntryEntity found = em.find(AuditEntryEntity.class, id);
        return found == null || !found.getRealmId().equals(realmId)
                ? Optional.empty() : Optional.of(EntityConverter.toEntry(found));
    }

    @Override
    public Optional<String> resourceState(String realmId, String resourceType, String resourceId) {
        AuditResourceStateEntity state = em.find(AuditResourceStateEntity.class,
                new AuditResourceStateEntity.Key(realmId, resourceType, resourceId));
        return state == null ? Optional.empty() : Optional.ofNullable(state.getStateJson());
    }

    @Override
    public void saveResourceState(String realmId, String resourceType, String resourceId, String json) {
        AuditResourceStateEntity.Key key = new AuditResourceStateEntity.Key(realmId, resourceType, resourceId);
        AuditResourceStateEntity state = em.find(AuditResourceStateEntity.class, key);
        if (json == null) {
            if (state != null) {
                em.remove(state);
            }
            return;
        }
        if (state == null) {
            state = new AuditResourceStateEntity(realmId, resourceType, resourceId);
            em.persist(state);
        }
        state.setStateJson(json);
        state.setUpdatedTime(System.currentTimeMillis());
    }

    @Override
    public void deleteRealm(String realmId) {
        em.createQuery("delete from AuditResourceStateEntity s where s.realmId = :realm")
                .setParameter("realm", realmId).executeUpdate();
        em.createQuery("delete from AuditEntryOrgEntity o where o.realmId = :realm")
                .setParameter("realm", realmId).executeUpdate();
        em.createQuery("delete from AuditEntryEntity e where e.realmId = :realm")
                .setParameter("realm", realmId).executeUpdate();
    }

    @Override
    public void close() {
    }
}
