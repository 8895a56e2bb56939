package org.llmlb.wsproxy.live.control;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.websocket.Session;

import org.llmlb.wsproxy.engine.control.LoadRun;
import org.llmlb.wsproxy.engine.entity.RequestRecord;

/**
 * What each WebSocket session gets to see. Request records are queued by the workers and sent
 * once a second, with that second's aggregates, by one timer thread: workers never block on a
 * slow browser, and one session's messages never interleave.
 */
@ApplicationScoped
public class LiveFeed {

    /** More records than this in one second are counted, not sent, so a tab cannot fall behind. */
    static final int MAX_RECORDS_PER_SECOND = 1000;

    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
            .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES));

    @Resource
    ManagedThreadFactory threads;

    private final Map<Session, Outbox> outboxes = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    record Tagged(String run, RequestRecord record) {
    }

    static final class Outbox {
        final ConcurrentLinkedQueue<Tagged> records = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<JsonObject> messages = new ConcurrentLinkedQueue<>();
        final AtomicInteger queued = new AtomicInteger();
        final Map<String, LoadRun> runs = new ConcurrentHashMap<>();
    }

    @PostConstruct
    void init() {
        timer = new ScheduledThreadPoolExecutor(1, threads);
        timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void shutdown() {
        timer.shutdownNow();
    }

    public void attach(Session session) {
        outboxes.put(session, new Outbox());
    }

    public void detach(Session session) {
        outboxes.remove(session);
    }

    /** Feeds a session's run records into its outbox; the run's id is known once it exists. */
    public BiConsumer<String, RequestRecord> observer(Session session) {
        return (run, record) -> {
            Outbox box = outboxes.get(session);
            if (box != null && box.queued.incrementAndGet() <= MAX_RECORDS_PER_SECOND) {
                box.records.add(new Tagged(run, record));
            }
        };
    }

    public void started(Session session, LoadRun run) {
        Outbox box = outboxes.get(session);
        if (box != null) {
            box.runs.put(run.id(), run);
            box.messages.add(Json.createObjectBuilder().add("type", "started").add("id", run.id()).build());
            timer.execute(() -> flush(session, box));
        }
    }

    public void error(Session session, String message) {
        Outbox box = outboxes.get(session);
        if (box != null) {
            box.messages.add(Json.createObjectBuilder().add("type", "error").add("message", message).build());
            timer.execute(() -> flush(session, box));
        }
    }

    private void tick() {
        outboxes.forEach((session, box) -> {
            int dropped = Math.max(0, box.queued.getAndSet(0) - MAX_RECORDS_PER_SECOND);
            List<Tagged> batch = new ArrayList<>();
            for (Tagged t = box.records.poll(); t != null; t = box.records.poll()) {
                batch.add(t);
            }
            // one pass per run: a socket may drive several cards at once
            box.runs.forEach((id, run) -> {
                List<Tagged> own = batch.stream().filter(t -> t.run().equals(id)).toList();
                box.messages.add(second(run, own, dropped));
                JsonArrayBuilder records = Json.createArrayBuilder();
                own.forEach(t -> records.add(record(t.record())));
                box.messages.add(Json.createObjectBuilder().add("type", "requests").add("id", id)
                        .add("records", records).build());
                if (!run.state().wire().equals("running")) {
                    box.messages.add(Json.createObjectBuilder().add("type", "ended").add("id", id)
                            .add("state", run.state().wire()).build());
                    box.runs.remove(id);
                }
            });
            flush(session, box);
        });
    }

    private static JsonObject second(LoadRun run, List<Tagged> own, int dropped) {
        long errors = own.stream().filter(t -> t.record().error()).count();
        long tokens = own.stream().mapToLong(t -> t.record().outputTokens()).sum();
        return Json.createObjectBuilder().add("type", "second").add("id", run.id())
                .add("requests", own.size()).add("errors", errors).add("output_tokens", tokens)
                .add("dropped_records", dropped).add("summary", Json.createReader(new StringReader(JSONB.toJson(run.summary()))).readObject()).build();
    }

    private static JsonObject record(RequestRecord r) {
        var json = Json.createObjectBuilder().add("status", r.status()).add("error", r.error())
                .add("ttft_ms", r.hasTtft() ? r.ttftNanos() / 1e6 : -1).add("e2e_ms", r.e2eNanos() / 1e6)
                .add("output_tokens", r.outputTokens()).add("tokens_estimated", r.tokensEstimated());
        return (r.endpoint() == null ? json.addNull("endpoint") : json.add("endpoint", r.endpoint())).build();
    }

    private static void flush(Session session, Outbox box) {
        for (JsonObject m = box.messages.poll(); m != null; m = box.messages.poll()) {
            if (!session.isOpen()) {
                return;
            }
            try {
                session.getBasicRemote().sendText(m.toString());
            } catch (IOException gone) {
                return;
            }
        }
    }
}
