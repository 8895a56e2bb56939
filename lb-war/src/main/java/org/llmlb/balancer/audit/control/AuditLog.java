package org.llmlb.balancer.audit.control;

import java.time.Clock;
import java.util.List;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.llmlb.balancer.audit.entity.AuditEntry;

/**
 * Every admin mutation, in the audit table and as one JSON log line. Only field names are
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
    public AuditEntry record(String action, String targetType, String targetId, List<String> fields,
                             String remoteAddress) {
        AuditEntry entry = new AuditEntry();
        entry.at = clock.instant();
        entry.action = action;
        entry.targetType = targetType;
        entry.targetId = targetId;
        entry.fields = String.join(",", fields);
        entry.remoteAddress = remoteAddress;
        em.persist(entry);
        LOG.info(Json.createObjectBuilder()
                .add("audit", action)
                .add("at", entry.at.toString())
                .add("target_type", targetType)
                .add("target_id", targetId == null ? "" : targetId)
                .add("fields", Json.createArrayBuilder(fields))
                .add("remote_address", remoteAddress == null ? "" : remoteAddress)
                .build().toString());
        return entry;
    }

    public List<AuditEntry> recent(int limit) {
        return em.createQuery("SELECT a FROM AuditEntry a ORDER BY a.id DESC", AuditEntry.class)
                .setMaxResults(limit).getResultList();
    }
}
