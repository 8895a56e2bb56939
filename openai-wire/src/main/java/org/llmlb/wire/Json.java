package org.llmlb.wire;

import java.io.StringReader;
import java.util.Map;

import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.spi.JsonProvider;

/** JSON-P looked up once: {@code jakarta.json.Json.create…} searches for the provider on every call. */
public final class Json {

    public static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(Map.of());

    private Json() {
    }

    /** The JSON object in {@code text}; a {@link jakarta.json.JsonException} when it is none. */
    public static JsonObject object(String text) {
        try (var reader = READERS.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
