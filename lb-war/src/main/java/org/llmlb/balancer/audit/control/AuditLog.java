package org.llmlb.balancer.audit.control;

import java.time.Clock;
import java.util.List;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.llmlb.balancer.audit.entity.AuditEntry;

/**
 * Every admin mutation, in the audit table and as one INFO log line (who, what, on which target). Only field names are
 * recorded, never values, so secrets cannot end up here.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger("org.llmlb.balancer.audit");

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Transactional
    public AuditEntry record(String action, String targetType, String targetId, String targetName,
                             List<String> fields, String remoteAddress) {
        AuditEntry entry = new AuditEntry();
        entry.at = clock.instant();
        entry.action = action;
        entry.targetType = targetType;
        entry.targetId = targetId;
        entry.targetName = targetName;
        entry.fields = String.join(",", fields);
        entry.remoteAddress = remoteAddress;
        em.persist(entry);
        LOG.info(() -> "admin change from " + (remoteAddress == null ? "?" : remoteAddress) + ": " + action
                + (targetId == null ? "" : " on " + singular(targetType) + " " + (targetName == null ? "" : "'" + targetName + "' ")
                + "(id " + targetId + ")") + (fields.isEmpty() ? "" : ", fields " + String.join(", ", fields)));
        return entry;
    }

    private static String singular(String targetType) {
        return switch (targetType) {
            case "endpoints" -> "endpoint";
            case "tokens" -> "token";
            case "incoming-blocks" -> "incoming block";
            default -> targetType;
        };
    }

    /**
     * Changes whenever an admin change was recorded, on this balancer or on another sharing its
     * database: the number of entries and the highest id (a count, since ids may commit out of order).
     * In a transaction of its own: outside one, the container's entity manager does not survive
     * a scheduled task's end.
     */
    @Transactional
    public String signature() {
        Object[] row = (Object[]) em.createQuery("SELECT COUNT(a), MAX(a.id) FROM AuditEntry a").getSingleResult();
        return row[0] + ":" + row[1];
    }

    public List<AuditEntry> recent(int limit) {
        return em.createQuery("SELECT a FROM AuditEntry a ORDER BY a.id DESC", AuditEntry.class)
                .setMaxResults(limit).getResultList();
    }
}
