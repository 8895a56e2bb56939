package org.llmlb.wsproxy.live.boundary;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.websocket.Session;

import org.llmlb.wire.SnakeCaseJsonb;
import org.llmlb.wsproxy.engine.control.LoadRun;
import org.llmlb.wsproxy.engine.entity.RequestRecord;
import org.llmlb.wsproxy.engine.entity.RunState;
import org.llmlb.wsproxy.live.control.LiveMessages;

/**
 * What each WebSocket session gets to see. Request records are queued by the workers and sent
 * once a second, with each run's counts for that second, by one timer thread: workers never
 * block on a slow browser, and one session's messages never interleave.
 */
@ApplicationScoped
public class LiveFeed {

    /** More records than this in one second are counted, not sent, so a tab cannot fall behind. */
    static final int MAX_RECORDS_PER_SECOND = 1000;

    private static final Logger LOG = Logger.getLogger(LiveFeed.class.getName());
    private static final Jsonb JSONB = SnakeCaseJsonb.jsonb();

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

    /** Announces a run and ticks it from now on; call it before the run starts, so no record precedes it. */
    public void started(Session session, LoadRun run, String clientId) {
        Outbox box = outboxes.get(session);
        if (box != null) {
            box.runs.put(run.id(), run);
            send(session, box, LiveMessages.started(run.id(), run.name(), clientId));
        }
    }

    /** {@code clientId} is null unless the message that failed carried one. */
    public void error(Session session, String message, String clientId) {
        Outbox box = outboxes.get(session);
        if (box != null) {
            send(session, box, LiveMessages.error(message, clientId));
        }
    }

    private void send(Session session, Outbox box, JsonObject message) {
        box.messages.add(message);
        timer.execute(() -> flush(session, box));
    }

    private void tick() {
        outboxes.forEach((session, box) -> {
            try {
                tick(session, box);
            } catch (RuntimeException e) {
                // a periodic task that throws is never run again: one bad tick must not end every feed
                LOG.log(Level.WARNING, "live feed tick failed", e);
            }
        });
    }

    private void tick(Session session, Outbox box) {
        // states are read before the records are taken: a run seen ended has queued its last record
        Map<String, RunState> states = new HashMap<>();
        box.runs.forEach((id, run) -> states.put(id, run.state()));
        int dropped = Math.max(0, box.queued.getAndSet(0) - MAX_RECORDS_PER_SECOND);
        Map<String, List<RequestRecord>> records = new HashMap<>();
        for (Tagged t = box.records.poll(); t != null; t = box.records.poll()) {
            records.computeIfAbsent(t.run(), id -> new ArrayList<>()).add(t.record());
        }
        states.forEach((id, state) -> {
            LoadRun run = box.runs.get(id);
            JsonObject summary = Json.createReader(new StringReader(JSONB.toJson(run.summary()))).readObject();
            box.messages.add(LiveMessages.second(id, run.second(), dropped, summary, run.signalSampler().latest(),
                    run.signalSampler().note()));
            box.messages.add(LiveMessages.requests(id, records.getOrDefault(id, List.of())));
            if (state != RunState.RUNNING) {
                box.messages.add(LiveMessages.ended(id, state));
                box.runs.remove(id);
            }
        });
        flush(session, box);
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
