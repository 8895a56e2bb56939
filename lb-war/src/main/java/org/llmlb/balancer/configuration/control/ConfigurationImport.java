package org.llmlb.balancer.configuration.control;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.llmlb.balancer.endpoints.entity.Endpoint;
import org.llmlb.balancer.incoming.entity.IncomingBlock;
import org.llmlb.balancer.persistence.entity.Setting;
import org.llmlb.balancer.stats.entity.EndpointTotals;

/**
 * Applies a whole, already validated configuration in one transaction: endpoints and blocks are
 * matched by name (so ids, statistics and api keys of kept endpoints stay), the rest is created
 * or deleted. Either all of it lands or nothing does. The document's values are the rows: new ones
 * are persisted, kept ones merged onto the stored row under its id.
 */
@ApplicationScoped
public class ConfigurationImport {

    /** One endpoint of the document: its document id, the values, and whether it set an api key. */
    public record EndpointEntry(long documentId, Endpoint values, boolean setsApiKey) {
    }

    /** One block of the document; its endpoint ids are document ids. */
    public record BlockEntry(IncomingBlock values, List<Long> documentEndpointIds) {
    }

    public record Result(Set<Long> deletedEndpoints, Set<Long> deletedBlocks) {
    }

    @PersistenceContext
    EntityManager em;

    @Transactional
    public Result apply(List<EndpointEntry> endpoints, List<BlockEntry> blocks, Map<String, String> settings) {
        Map<String, Endpoint> existing = new HashMap<>();
        em.createNamedQuery(Endpoint.ALL, Endpoint.class).getResultList().forEach(e -> existing.put(e.name, e));
        Map<Long, Long> ids = new HashMap<>();
        Set<String> kept = new HashSet<>();
        for (EndpointEntry entry : endpoints) {
            Endpoint values = entry.values();
            Endpoint stored = existing.get(values.name);
            if (stored == null) {
                values.createdAt = java.time.Instant.now();
                em.persist(values);
                em.flush();
            } else {
                values.id = stored.id;
                values.createdAt = stored.createdAt;
                values.apiKey = entry.setsApiKey() ? values.apiKey : stored.apiKey;
                em.merge(values);
            }
            ids.put(entry.documentId(), values.id);
            kept.add(values.name);
        }
        Set<Long> deleted = new HashSet<>();
        for (Endpoint e : existing.values()) {
            if (!kept.contains(e.name)) {
                deleted.add(e.id);
                EndpointTotals totals = em.find(EndpointTotals.class, e.id);
                if (totals != null) {
                    em.remove(totals);
                }
                em.remove(e);
            }
        }
        Map<String, IncomingBlock> existingBlocks = new HashMap<>();
        em.createNamedQuery(IncomingBlock.ALL, IncomingBlock.class).getResultList()
                .forEach(b -> existingBlocks.put(b.name, b));
        Set<String> keptBlocks = new HashSet<>();
        for (BlockEntry entry : blocks) {
            IncomingBlock values = entry.values();
            IncomingBlock stored = existingBlocks.get(values.name);
            values.endpointIdList(entry.documentEndpointIds().stream().map(ids::get).toList());
            if (stored == null) {
                em.persist(values);
            } else {
                values.id = stored.id;
                em.merge(values);
            }
            keptBlocks.add(values.name);
        }
        Set<Long> deletedBlocks = new HashSet<>();
        for (IncomingBlock b : existingBlocks.values()) {
            if (!keptBlocks.contains(b.name)) {
                deletedBlocks.add(b.id);
                em.createQuery("UPDATE ClientToken t SET t.incomingBlockId = NULL WHERE t.incomingBlockId = :id")
                        .setParameter("id", b.id).executeUpdate();
                em.remove(b);
            }
        }
        settings.forEach((name, value) -> {
            Setting setting = em.find(Setting.class, name);
            if (setting == null) {
                em.persist(new Setting(name, value));
            } else {
                setting.value = value;
            }
        });
        return new Result(deleted, deletedBlocks);
    }

}
