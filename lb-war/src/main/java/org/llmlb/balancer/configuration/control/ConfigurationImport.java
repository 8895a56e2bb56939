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
import org.llmlb.balancer.settings.entity.Setting;
import org.llmlb.balancer.stats.entity.EndpointTotals;

/**
 * Applies a whole, already validated configuration in one transaction: endpoints and blocks are
 * matched by name (so ids, statistics and api keys of kept endpoints stay), the rest is created
 * or deleted. Either all of it lands or nothing does.
 */
@ApplicationScoped
public class ConfigurationImport {

    /** One endpoint of the document: its document id, the values, and whether it set an api key. */
    public record EndpointEntry(long documentId, Endpoint values, boolean setsApiKey) {
    }

    /** One block of the document; its endpoint ids are document ids. */
    public record BlockEntry(IncomingBlock values, List<Long> documentEndpointIds) {
    }

    public record Result(Set<Long> deletedEndpoints) {
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
            Endpoint target = existing.get(values.name);
            if (target == null) {
                target = new Endpoint();
                target.createdAt = java.time.Instant.now();
            }
            String keptKey = target.apiKey;
            copy(values, target);
            target.apiKey = entry.setsApiKey() ? values.apiKey : keptKey;
            if (target.id == null) {
                em.persist(target);
                em.flush();
            }
            ids.put(entry.documentId(), target.id);
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
            IncomingBlock target = existingBlocks.getOrDefault(values.name, new IncomingBlock());
            target.name = values.name;
            target.poolName = values.poolName;
            target.routingMode = values.routingMode;
            target.enabled = values.enabled;
            target.posX = values.posX;
            target.posY = values.posY;
            target.endpointIdList(entry.documentEndpointIds().stream().map(ids::get).toList());
            if (target.id == null) {
                em.persist(target);
            }
            keptBlocks.add(values.name);
        }
        for (IncomingBlock b : existingBlocks.values()) {
            if (!keptBlocks.contains(b.name)) {
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
        return new Result(deleted);
    }

    private static void copy(Endpoint from, Endpoint to) {
        to.name = from.name;
        to.baseUrl = from.baseUrl;
        to.enabled = from.enabled;
        to.connected = from.connected;
        to.tokenQuotaPercent = from.tokenQuotaPercent;
        to.priorityOrder = from.priorityOrder;
        to.maxConcurrent = from.maxConcurrent;
        to.timeout = from.timeout;
        to.verifyTls = from.verifyTls;
        to.posX = from.posX;
        to.posY = from.posY;
    }
}
