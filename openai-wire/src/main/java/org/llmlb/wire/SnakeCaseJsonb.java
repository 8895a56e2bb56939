package org.llmlb.wire;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.ws.rs.ext.ContextResolver;

/**
 * The one JSON-B configuration of every WAR: records keep their Java names, the wire has the
 * snake_case of the seed's API and the UI's exports, and nulls are written, so "nothing measured"
 * reads {@code "ttft_ms": null}, not a missing field. Not a {@code @Provider} itself (a jar's
 * annotations are not every server's to scan): each WAR registers it with a one-line subclass;
 * code outside JAX-RS uses {@link #jsonb()}.
 */
public class SnakeCaseJsonb implements ContextResolver<Jsonb> {

    /** Built on first use, with the server's JSON-B provider. */
    private static final class Shared {
        static final Jsonb JSONB = JsonbBuilder.create(config());
    }

    public static JsonbConfig config() {
        return new JsonbConfig()
                .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
                .withNullValues(true);
    }

    /** One instance for the whole WAR: a {@link Jsonb} is thread-safe and costly to build. */
    public static Jsonb jsonb() {
        return Shared.JSONB;
    }

    @Override
    public Jsonb getContext(Class<?> type) {
        return jsonb();
    }
}
