package org.llmlb.wsproxy.live.boundary;

import java.io.StringReader;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParsingException;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import org.llmlb.wsproxy.engine.control.LoadRun;
import org.llmlb.wsproxy.live.control.LiveFeed;
import org.llmlb.wsproxy.presets.control.PresetCatalogue;
import org.llmlb.wsproxy.runs.boundary.CardReader;
import org.llmlb.wsproxy.runs.control.HostNotAllowedException;
import org.llmlb.wsproxy.runs.control.InvalidCardException;
import org.llmlb.wsproxy.runs.control.RunStore;
import org.llmlb.wsproxy.runs.control.UnknownRunException;

/**
 * The UI's channel: {@code {"type":"start","card":{…}}} and {@code {"type":"stop","id":…}} in;
 * {@code started}, {@code second} (per-second aggregates), {@code request} (one per request),
 * {@code ended} and {@code error} messages out.
 */
@ServerEndpoint("/ws")
public class LoadSocket {

    @Inject
    RunStore runs;

    @Inject
    LiveFeed feed;

    @Inject
    PresetCatalogue presets;

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
        } catch (JsonParsingException | ClassCastException e) {
            feed.error(session, "message is not a JSON object");
            return;
        }
        String type = message.getString("type", "");
        try {
            switch (type) {
                case "start" -> {
                    LoadRun run = runs.start(CardReader.read(message.getJsonObject("card"), presets), feed.observer(session));
                    mine.put(run.id(), run);
                    feed.started(session, run);
                }
                case "stop" -> runs.stop(message.getString("id", ""));
                default -> feed.error(session, "unknown message type '" + type + "'");
            }
        } catch (InvalidCardException e) {
            feed.error(session, "invalid card: " + e.problems().get(0).field() + " " + e.problems().get(0).message());
        } catch (HostNotAllowedException | UnknownRunException e) {
            feed.error(session, e.getMessage());
        } catch (ClassCastException e) {
            feed.error(session, "card must be an object");
        }
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        // a closed tab stops its runs: nobody is left to watch or stop them
        mine.values().forEach(LoadRun::stop);
        feed.detach(session);
    }
}
