package org.llmlb.balancer.admin.boundary;

import java.io.StringReader;
import java.util.Map;

import jakarta.json.JsonConfig;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.spi.JsonProvider;

import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;

/**
 * Admin bodies are read as text and parsed here, so malformed JSON gets a clear 400. A key given
 * twice is refused rather than resolved: which of the two values a reader keeps differs between
 * parsers, so the audit log and the client could disagree about what was set.
 */
public final class JsonBodies {

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonReaderFactory READERS = JSON.createReaderFactory(
            Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE));
    private static final JsonParserFactory PARSERS = JSON.createParserFactory(Map.of());

    private JsonBodies() {
    }

    public static JsonObject object(String body) {
        if (body == null || body.isBlank()) {
            throw new ProblemException(Problem.INVALID_REQUEST, "A JSON object body is required");
        }
        try (JsonParser parser = PARSERS.createParser(new StringReader(body))) {
            // the reader below stops after the object; anything after it is refused, not ignored
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new ProblemException(Problem.INVALID_REQUEST, "The body must be a JSON object");
            }
            // event by event: Parsson's skipObject() spins forever on a truncated object
            int depth = 1;
            while (depth > 0) {
                JsonParser.Event event = parser.next();
                if (event == JsonParser.Event.START_OBJECT || event == JsonParser.Event.START_ARRAY) {
                    depth++;
                } else if (event == JsonParser.Event.END_OBJECT || event == JsonParser.Event.END_ARRAY) {
                    depth--;
                }
            }
            if (parser.hasNext()) {
                throw new ProblemException(Problem.INVALID_REQUEST, "The request body has content after the JSON object");
            }
        } catch (ProblemException refused) {
            throw refused;
        } catch (RuntimeException malformed) {
            // JsonException, NoSuchElementException at the end, and Parsson's plain RuntimeException for
            // nesting deeper than 1,000: whatever the parser throws, the body is what is wrong
            throw new ProblemException(Problem.INVALID_REQUEST, "The request body is not valid JSON");
        }
        try (JsonReader reader = READERS.createReader(new StringReader(body))) {
            return reader.readObject();
        } catch (RuntimeException malformed) {
            throw new ProblemException(Problem.INVALID_REQUEST, "The request body has a key twice");
        }
    }
}
