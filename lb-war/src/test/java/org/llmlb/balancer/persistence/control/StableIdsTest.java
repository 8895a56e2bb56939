package org.llmlb.balancer.persistence.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StableIdsTest {

    @Test
    void eclipseLinksTableBecomesOneThatNeverReusesIds() {
        String sql = "CREATE TABLE endpoints (ID INTEGER NOT NULL, api_key TEXT, NAME TEXT NOT NULL UNIQUE, PRIMARY KEY (ID))";
        assertThat(StableIds.withAutoincrement("endpoints", sql)).isEqualTo(
                "CREATE TABLE endpoints_rebuilt (ID INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, api_key TEXT,"
                        + " NAME TEXT NOT NULL UNIQUE)");
    }

    @Test
    void aSchemaItDoesNotKnowIsLeftAlone() {
        assertThatThrownBy(() -> StableIds.withAutoincrement("endpoints", "CREATE TABLE endpoints (id TEXT, PRIMARY KEY (id, x))"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
