package org.llmlb.wsproxy.workload.control;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmlb.wsproxy.workload.entity.Dataset;

/**
 * The uploaded datasets of this instance, in memory: a card names one by id. At most
 * {@code producer.datasets.max.count} are kept, the least recently uploaded leaving first;
 * each upload is at most {@code producer.datasets.max.bytes}.
 */
@ApplicationScoped
public class DatasetStore {

    public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;
    public static final int DEFAULT_MAX_COUNT = 16;

    /** A dataset and when it was last uploaded. */
    public record Stored(Dataset dataset, Instant uploadedAt) {
    }

    // Optional, as RunStore's: the EAR's class loader checks injection points without this WAR's defaults
    @Inject
    @ConfigProperty(name = "producer.datasets.max.bytes")
    Optional<Long> maxBytes;

    @Inject
    @ConfigProperty(name = "producer.datasets.max.count")
    Optional<Integer> maxCount;

    @Inject
    Clock clock;

    private final Map<String, Stored> byId = new LinkedHashMap<>();

    public long maxBytes() {
        return maxBytes == null ? DEFAULT_MAX_BYTES : maxBytes.orElse(DEFAULT_MAX_BYTES);
    }

    /** Parses and keeps an upload; the same content again is the same dataset (under its new name). */
    public Dataset upload(String name, byte[] content) {
        Dataset dataset = DatasetParser.parse(name, content);
        int limit = maxCount == null ? DEFAULT_MAX_COUNT : maxCount.orElse(DEFAULT_MAX_COUNT);
        synchronized (byId) {
            byId.remove(dataset.id());
            byId.put(dataset.id(), new Stored(dataset, clock == null ? Instant.now() : clock.instant()));
            while (byId.size() > Math.max(1, limit)) {
                byId.remove(byId.keySet().iterator().next());
            }
        }
        return dataset;
    }

    public Optional<Dataset> find(String id) {
        synchronized (byId) {
            return Optional.ofNullable(byId.get(id)).map(Stored::dataset);
        }
    }

    /** Newest first. */
    public List<Stored> all() {
        synchronized (byId) {
            return byId.values().stream().sorted(Comparator.comparing(Stored::uploadedAt).reversed()).toList();
        }
    }
}
