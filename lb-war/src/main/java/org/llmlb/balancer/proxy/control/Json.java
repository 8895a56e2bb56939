package org.llmlb.balancer.proxy.control;

import java.io.StringReader;
import java.util.Map;

import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.spi.JsonProvider;

/** JSON-P looked up once: {@code Json.create…} searches the provider on every call. */
final class Json {

    static final JsonProvider PROVIDER = JsonProvider.provider();
    static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(Map.of());

    private Json() {
    }

    static JsonObject object(String text) {
        try (var reader = READERS.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
