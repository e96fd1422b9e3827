package dev.kcaudit.audit.store.jpa;

import dev.kcaudit.audit.model.AuditAction;
import dev.kcaudit.audit.model.Origin;
import dev.kcaudit.audit.signal.SignalHistory;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Objects;

/**
 * The signal rules' reads, in the sequencing pass's transaction: each one range of one index that leads with the
 * realm and the subject's column (resource id, actor name, actor id, IP key, action), then time.
 */
final class SignalReads implements SignalHistory {

    private final EntityManager em;

    SignalReads(EntityManager em) {
        this.em = em;
    }

    @Override
    public List<Trigger> matching(Match m, long from, long to, int max) {
        StringBuilder where = new StringBuilder("e.realmId = :realm and e.action in (:actions)"
                + " and e.time >= :from and e.time <= :to");
        if (m.resourceId() != null) {
            where.append(" and e.resourceId = :resource");
        } else if (m.anonymousName() != null) {
            where.append(" and e.actorUsername = :name and e.resourceId is null");
        } else if (m.actorId() != null) {
            where.append(" and e.actorId = :actor");
        } else if (m.ipRange() != null) {
            where.append(" and e.ipKey between :low and :high");
        } else {
            throw new IllegalArgumentException("a match names one subject");
        }
        TypedQuery<Object[]> q = em.createQuery("select e.id, e.time, e.organizationsJson from AuditEntryEntity e"
                        + " where " + where + " order by e.time desc, e.id desc", Object[].class)
                .setParameter("realm", m.realmId())
                .setParameter("actions", m.actions().stream().map(AuditAction::id).toList())
                .setParameter("from", from).setParameter("to", to).setMaxResults(max);
        if (m.resourceId() != null) {
            q.setParameter("resource", m.resourceId());
        } else if (m.anonymousName() != null) {
            q.setParameter("name", m.anonymousName());
        } else if (m.actorId() != null) {
            q.setParameter("actor", m.actorId());
        } else {
            q.setParameter("low", m.ipRange().low()).setParameter("high", m.ipRange().high());
        }
        return q.getResultList().stream().map(r -> new Trigger((String) r[0], ((Number) r[1]).longValue(),
                EntityConverter.organizations((String) r[2]))).toList();
    }

    @Override
    public List<Origin> loginOrigins(String realmId, String userId, long from, long to, String except, int max) {
        return em.createQuery("select e.originJson from AuditEntryEntity e where e.realmId = :realm"
                        + " and e.resourceId = :user and e.action = :login and e.time >= :from and e.time <= :to"
                        + " and e.id <> :except and e.originJson is not null order by e.time desc", String.class)
                .setParameter("realm", realmId).setParameter("user", userId)
                .setParameter("login", AuditAction.LOGIN.id()).setParameter("from", from).setParameter("to", to)
                .setParameter("except", except).setMaxResults(max).getResultList().stream()
                .map(EntityConverter::originOf).filter(Objects::nonNull).toList();
    }

    @Override
    public boolean raised(String realmId, AuditAction signal, String subjectId, long since) {
        return !em.createQuery("select e.id from AuditEntryEntity e where e.realmId = :realm"
                        + " and e.resourceId = :subject and e.action = :signal and e.time >= :since", String.class)
                .setParameter("realm", realmId).setParameter("subject", subjectId)
                .setParameter("signal", signal.id()).setParameter("since", since).setMaxResults(1)
                .getResultList().isEmpty();
    }
}
