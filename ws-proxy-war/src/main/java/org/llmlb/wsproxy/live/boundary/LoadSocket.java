package org.llmlb.wsproxy.live.boundary;

import java.io.StringReader;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import org.llmlb.wsproxy.engine.control.LoadRun;
import org.llmlb.wsproxy.presets.control.PresetCatalogue;
import org.llmlb.wsproxy.workload.control.DatasetStore;
import org.llmlb.wsproxy.runs.boundary.CardReader;
import org.llmlb.wsproxy.runs.control.HostNotAllowedException;
import org.llmlb.wsproxy.runs.control.InvalidCardException;
import org.llmlb.wsproxy.runs.control.RunStore;
import org.llmlb.wsproxy.runs.control.UnknownRunException;

/**
 * The UI's channel: {@code {"type":"start","client_id":…,"card":{…}}} and
 * {@code {"type":"stop","id":…}} in; {@code started}, {@code second} (per-second counts and
 * latencies), {@code requests} (the records of that second), {@code ended} and {@code error}
 * out. A start's optional {@code client_id} comes back on its {@code started} or {@code error},
 * so a client with several cards starting at once can tell the answers apart.
 */
@ServerEndpoint("/ws")
public class LoadSocket {

    @Inject
    RunStore runs;

    @Inject
    LiveFeed feed;

    @Inject
    PresetCatalogue presets;

    @Inject
    DatasetStore datasets;

    private final Map<String, LoadRun> mine = new ConcurrentHashMap<>();

    @OnOpen
    public void open(Session session) {
        feed.attach(session);
    }

    @OnMessage
    public void message(String text, Session session) {
        JsonObject message;
        try {
            message = Json.createReader(new StringReader(text)).readObject();
        } catch (JsonException | ClassCastException e) {
            feed.error(session, "message is not a JSON object", null);
            return;
        }
        String clientId = message.get("client_id") instanceof JsonString s ? s.getString() : null;
        String type = message.getString("type", "");
        try {
            switch (type) {
                case "start" -> start(message, clientId, session);
                case "stop" -> runs.stop(message.getString("id", ""));
                default -> feed.error(session, "unknown message type '" + type + "'", clientId);
            }
        } catch (InvalidCardException e) {
            feed.error(session, "invalid card: " + e.problems().stream().map(p -> p.field() + " " + p.message())
                    .collect(Collectors.joining("; ")), clientId);
        } catch (HostNotAllowedException | UnknownRunException e) {
            feed.error(session, e.getMessage(), clientId);
        } catch (ClassCastException e) {
            feed.error(session, "card must be an object", clientId);
        }
    }

    private void start(JsonObject message, String clientId, Session session) {
        LoadRun run = runs.create(CardReader.read(message.getJsonObject("card"), presets, datasets), feed.observer(session));
        mine.put(run.id(), run);
        feed.started(session, run, clientId);
        run.start();
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        // a closed tab stops its runs: nobody is left to watch or stop them
        mine.values().forEach(LoadRun::stop);
        feed.detach(session);
    }
}
