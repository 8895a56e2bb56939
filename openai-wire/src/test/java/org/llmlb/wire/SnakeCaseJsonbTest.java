package org.llmlb.wire;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;

import org.junit.jupiter.api.Test;

/** The configuration only: the JSON-B implementation is the server's (the WARs' ITs read its output). */
class SnakeCaseJsonbTest {

    @Test
    void namesInSnakeCaseAndWritesNulls() {
        JsonbConfig config = SnakeCaseJsonb.config();

        assertThat(config.getProperty(JsonbConfig.PROPERTY_NAMING_STRATEGY))
                .contains(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES);
        assertThat(config.getProperty(JsonbConfig.NULL_VALUES)).contains(true);
    }
}
