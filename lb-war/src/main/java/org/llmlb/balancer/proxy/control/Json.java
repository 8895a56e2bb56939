package org.llmlb.balancer.proxy.control;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.Map;

import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

/** JSON-P factories looked up once: {@code Json.createParser} searches the provider on every call. */
final class Json {

    static final JsonProvider PROVIDER = JsonProvider.provider();
    static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(Map.of());
    static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(Map.of());

    private Json() {
    }

    static JsonParser parser(byte[] body) {
        return PARSERS.createParser(new ByteArrayInputStream(body));
    }

    static JsonObject object(String text) {
        try (var reader = READERS.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
