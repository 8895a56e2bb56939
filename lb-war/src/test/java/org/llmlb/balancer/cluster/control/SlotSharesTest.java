package org.llmlb.balancer.cluster.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SlotSharesTest {

    @Test
    void theEntryReadsBackAndDropsEmptyLeases() {
        Map<String, Integer> leases = SlotShares.parse("b=2,a=3,c=0,broken,d=x");
        assertThat(leases).containsExactly(Map.entry("a", 3), Map.entry("b", 2), Map.entry("c", 0));
        assertThat(SlotShares.format(leases)).isEqualTo("a=3,b=2");
        assertThat(SlotShares.parse(null)).isEmpty();
    }

    @Test
    void aReplicaWithNothingTakesOneSpareSlotAndAHungryOneTakesWhatIsFree() {
        assertThat(SlotShares.target(6, 0, 0, false, false, 0, 3)).isEqualTo(1);
        assertThat(SlotShares.target(6, 1, 1, true, false, 2, 3)).as("1 + the 3 free").isEqualTo(4);
        assertThat(SlotShares.target(6, 4, 4, true, false, 2, 3)).as("nothing free").isEqualTo(4);
        assertThat(SlotShares.target(6, 0, 0, false, false, 6, 3)).as("nothing free, no spare").isEqualTo(0);
    }

    @Test
    void anIdleReplicaGivesBackWhatItDoesNotUseWhenAnotherWaits() {
        assertThat(SlotShares.target(6, 4, 1, false, true, 2, 3)).as("keeps its one in use and one spare").isEqualTo(2);
        assertThat(SlotShares.target(6, 4, 4, false, true, 2, 3)).as("all in use: gives back as they end").isEqualTo(4);
        assertThat(SlotShares.target(6, 5, 4, true, true, 1, 3)).as("both want: down to its fair share as they end")
                .isEqualTo(4);
        assertThat(SlotShares.target(6, 5, 1, true, true, 1, 3)).isEqualTo(2);
    }

    @Test
    void neverMoreThanTheCapLeftByTheOthers() {
        assertThat(SlotShares.target(4, 3, 3, false, false, 3, 2)).as("the cap was lowered to 4").isEqualTo(1);
        assertThat(SlotShares.held(1, 3)).as("in-flight requests stay in the entry until they end").isEqualTo(3);
    }

    /** Replicas that follow the rule, each seeing the entry as the last one left it, never exceed the cap. */
    @Test
    void leasesTakenInTurnNeverAddUpToMoreThanTheCap() {
        int cap = 6;
        List<String> names = List.of("a", "b", "c");
        Map<String, Integer> entry = new HashMap<>();
        Map<String, Integer> inflight = new HashMap<>(Map.of("a", 0, "b", 0, "c", 0));
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 2_000; round++) {
            String name = names.get(random.nextInt(3));
            int mine = entry.getOrDefault(name, 0);
            int others = entry.values().stream().mapToInt(Integer::intValue).sum() - mine;
            boolean hungry = random.nextBoolean();
            boolean othersHungry = random.nextBoolean();
            int target = SlotShares.target(cap, mine, inflight.get(name), hungry, othersHungry, others, 3);
            int held = SlotShares.held(target, inflight.get(name));
            entry.put(name, held);
            // requests end and start, never more than the entry holds for this replica
            inflight.put(name, random.nextInt(held + 1));
            assertThat(entry.values().stream().mapToInt(Integer::intValue).sum()).as("leases after round " + round)
                    .isLessThanOrEqualTo(cap);
        }
    }
}
