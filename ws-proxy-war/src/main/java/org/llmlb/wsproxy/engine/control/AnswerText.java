package org.llmlb.wsproxy.engine.control;

import java.io.ByteArrayInputStream;
import java.io.StringReader;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * The text of an answer, kept only for a conversation's next turn: the content of the first
 * choice of every chunk ({@code delta.content}) or of a whole answer ({@code message.content}).
 * It builds each chunk's JSON, which the engine otherwise never does, so only multi-turn cards
 * pay for it.
 */
final class AnswerText {

    private static final JsonProvider JSON = JsonProvider.provider();

    private final StringBuilder text = new StringBuilder();

    /** One {@code data:} payload of a stream. */
    void chunk(String data) {
        try (JsonReader reader = JSON.createReader(new StringReader(data))) {
            add(reader.readValue(), "delta");
        } catch (JsonException | IllegalStateException notAChunk) {
            // a payload that is not a chunk adds no text; timing and counting read it on their own
        }
    }

    /** A whole non-streamed answer. */
    void whole(byte[] body, int length) {
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(body, 0, length))) {
            add(reader.readValue(), "message");
        } catch (JsonException | IllegalStateException notAnAnswer) {
            // as above
        }
    }

    String text() {
        return text.toString();
    }

    private void add(JsonValue value, String part) {
        if (value instanceof JsonObject o && o.get("choices") instanceof JsonArray choices && !choices.isEmpty()
                && choices.get(0) instanceof JsonObject choice && choice.get(part) instanceof JsonObject p
                && p.get("content") instanceof JsonString content) {
            text.append(content.getString());
        }
    }
}
