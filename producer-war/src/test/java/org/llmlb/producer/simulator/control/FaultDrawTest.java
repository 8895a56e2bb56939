package org.llmlb.producer.simulator.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.llmlb.producer.simulator.entity.Fault;

class FaultDrawTest {

    static List<Fault> draws(String segment, int count) {
        Instance server = new Instance(Profiles.resolve(segment), new VirtualTime());
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            faults.add(server.draw());
        }
        return faults;
    }

    @Test
    void seededServerRepeatsItsFaultsExactly() {
        String segment = "s;throttle_rate=0.2;drop_rate=0.2;hang_rate=0.1;seed=7";
        assertThat(draws(segment, 200)).isEqualTo(draws(segment, 200)).contains(Fault.THROTTLE, Fault.DROP, Fault.HANG);
        assertThat(draws(segment, 200)).isNotEqualTo(draws("s;throttle_rate=0.2;drop_rate=0.2;hang_rate=0.1;seed=8", 200));
    }

    @Test
    void eachKindComesAtItsRate() {
        Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
        draws("s;throttle_rate=0.1;context_error_rate=0.05;error_rate=0.15;hang_rate=0.02;drop_rate=0.2;seed=1", 20_000)
                .forEach(f -> counts.merge(f, 1, Integer::sum));

        // 20,000 draws: four standard deviations of the 10 % slice are 170
        assertThat(counts.get(Fault.THROTTLE)).isBetween(2000 - 170, 2000 + 170);
        assertThat(counts.get(Fault.CONTEXT_LENGTH)).isBetween(1000 - 125, 1000 + 125);
        assertThat(counts.get(Fault.SERVER_ERROR)).isBetween(3000 - 205, 3000 + 205);
        assertThat(counts.get(Fault.HANG)).isBetween(400 - 80, 400 + 80);
        assertThat(counts.get(Fault.DROP)).isBetween(4000 - 230, 4000 + 230);
        assertThat(counts.get(Fault.NONE)).isBetween(9600 - 280, 9600 + 280);
    }

    @Test
    void noRatesNoFaultsAndNothingCounted() {
        Instance server = new Instance(Profiles.resolve("fast"), new VirtualTime());
        assertThat(server.draw()).isEqualTo(Fault.NONE);
        assertThat(server.counters().faults(Fault.SERVER_ERROR)).isZero();
    }

    @Test
    void injectedFaultsAreCountedByKind() {
        Instance server = new Instance(Profiles.resolve("s;throttle_rate=1"), new VirtualTime());
        server.draw();
        server.draw();
        assertThat(server.counters().faults(Fault.THROTTLE)).isEqualTo(2);
    }
}
