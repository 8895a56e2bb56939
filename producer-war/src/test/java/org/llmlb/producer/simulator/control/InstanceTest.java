package org.llmlb.producer.simulator.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.llmlb.producer.simulator.entity.Operation;

/** The simulated vLLM server in virtual time: every assertion is on a computed schedule, nothing waits. */
class InstanceTest {

    final VirtualTime time = new VirtualTime();

    Instance server(String segment) {
        return new Instance(Profiles.resolve(segment), time);
    }

    static CompletionRequest prompt(String text, boolean stream, int blockSize) {
        String body = "{\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
        return CompletionRequest.parse(body.getBytes(StandardCharsets.UTF_8), Operation.CHAT, blockSize);
    }

    static CompletionRequest words(int count, boolean stream) {
        return new CompletionRequest(stream, false, null, null, null, count, new long[0]);
    }

    Recorded submit(Instance server, CompletionRequest request) {
        return submit(server, request, false);
    }

    Recorded submit(Instance server, CompletionRequest request, boolean drop) {
        Recorded output = new Recorded(time);
        server.submit(output, request, AnswerLength.of(server.profile(), request), drop, time.nanoTime());
        return output;
    }

    @Test
    void unlimitedServerPacesTokensFromTheFirstOne() {
        Recorded answer = submit(server("p;ttft_ms=400;tps=20;tokens=10"), words(3, true));
        time.runAll();

        assertThat(answer.tokens).hasSize(10);
        assertThat(answer.tokens.get(0)).isEqualTo(400.0);
        assertThat(answer.tokens.get(1)).isEqualTo(450.0);
        assertThat(answer.tokens.get(9)).isEqualTo(850.0);
        assertThat(answer.completed).isEqualTo(850.0);
    }

    @Test
    void dueTimesAddUpFromTheFirstTokenSoFractionalGapsDoNotDrift() {
        // 1/3 s does not divide into whole nanoseconds: adding rounded gaps would drift
        Recorded answer = submit(server("p;ttft_ms=0;tps=3;tokens=3001"), words(1, true));
        time.runAll();

        assertThat(answer.tokens.get(3000)).isEqualTo(1_000_000.0);
    }

    @Test
    void maxNumSeqsRunsThatManyAndQueuesTheRestInArrivalOrder() {
        Instance server = server("p;max_num_seqs=2;ttft_ms=10;tps=10;tokens=5");
        List<Recorded> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(submit(server, words(4, true)));
        }

        assertThat(server.load().running()).isEqualTo(2);
        assertThat(server.load().waiting()).isEqualTo(4);
        time.runAll();

        // each runs 10 ms + 4 gaps of 100 ms; the next pair starts when the previous pair ends
        assertThat(answers).extracting(Recorded::firstToken).containsExactly(10.0, 10.0, 420.0, 420.0, 830.0, 830.0);
        assertThat(answers.get(5).completed).isEqualTo(1230.0);
        assertThat(server.load().running()).isZero();
        assertThat(server.counters().queuedSeconds()).isCloseTo(4 * 0.41 + 0 * 2 + 2 * 0.41, within(1e-9));
    }

    @Test
    void waitingQueueIsFirstComeFirstServedEvenWhenALaterOneWouldFit() {
        Instance server = server("p;kv_cache_tokens=100;ttft_ms=0;tps=10;tokens=10");
        Recorded first = submit(server, words(50, true));
        Recorded big = submit(server, words(80, true));
        Recorded small = submit(server, words(5, true));
        time.runAll();

        assertThat(big.firstToken()).isEqualTo(900.0);
        assertThat(small.firstToken()).as("waits behind the big one").isGreaterThanOrEqualTo(big.firstToken());
        assertThat(first.firstToken()).isZero();
    }

    @Test
    void kvCacheReservationsLimitTheBatchAndShowAsUsage() {
        Instance server = server("p;kv_cache_tokens=100;ttft_ms=0;tps=10;tokens=10");
        submit(server, words(50, true));
        submit(server, words(50, true));

        assertThat(server.load().running()).isEqualTo(1);
        assertThat(server.load().waiting()).isEqualTo(1);
        assertThat(server.load().kvCacheUsage()).isEqualTo(0.6);
    }

    @Test
    void prefillCostsTimePerPromptTokenAndPrefillsRunOneAfterAnother() {
        Instance server = server("p;ttft_ms=5;prefill_ms_per_token=0.5;tps=10;tokens=2");
        Recorded first = submit(server, words(100, true));
        Recorded second = submit(server, words(40, true));
        time.runAll();

        assertThat(first.firstToken()).isEqualTo(50.0 + 5);
        assertThat(second.firstToken()).isEqualTo(50.0 + 20 + 5);
    }

    @Test
    void decodeSlowsDownWithEveryOtherRunningSequence() {
        Instance server = server("p;ttft_ms=0;tps=10;decode_slowdown=0.5;tokens=4");
        Recorded alone = submit(server, words(1, true));
        time.runAll();
        assertThat(alone.tokens).containsExactly(0.0, 100.0, 200.0, 300.0);

        Recorded a = submit(server, words(1, true));
        time.runUntil(350 * VirtualTime.MS);
        Recorded b = submit(server, new CompletionRequest(true, false, 2, null, null, 1, new long[0]));
        time.runAll();
        // a's gap after 400 and b's only gap are 150 ms while both run; a is alone again from 500
        assertThat(b.tokens).containsExactly(350.0, 500.0);
        assertThat(a.tokens).containsExactly(300.0, 400.0, 550.0, 650.0);
    }

    @Test
    void throughputOfAFullBatchIsWhatTheFormulaPredicts() {
        Instance server = server("p;max_num_seqs=4;ttft_ms=0;tps=100;decode_slowdown=0.25;tokens=101");
        List<Recorded> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(submit(server, words(1, false)));
        }
        time.runAll();

        // itl = 10 ms × (1 + 0.25 × 3) = 17.5 ms, 100 gaps: 1.75 s per request, two waves
        assertThat(answers.get(0).completed).isEqualTo(1750.0);
        assertThat(answers.get(7).completed).isEqualTo(3500.0);
    }

    /** Offers {@code rate} requests/s evenly for 120 virtual seconds; the queue's length at the end. */
    int waitingAfterOffering(Instance server, double rate) {
        long gap = Math.round(1e9 / rate);
        long start = time.nanoTime();
        for (int i = 0; i < rate * 120; i++) {
            time.runUntil(start + i * gap);
            submit(server, words(1, false));
        }
        return server.load().waiting();
    }

    @Test
    void kneeIsWhereMaxNumSeqsOverTheFullBatchDurationPutsIt() {
        String segment = "p;max_num_seqs=4;ttft_ms=0;tps=100;decode_slowdown=0.1;tokens=101";
        // a full batch: itl = 10 ms × (1 + 0.1 × 3) = 13 ms, 100 gaps: 1.3 s; capacity 4 / 1.3 s = 3.08 requests/s
        double capacity = 4 / 1.3;

        assertThat(waitingAfterOffering(server(segment), capacity * 0.9)).isLessThanOrEqualTo(2);
        // 10 % over: about 0.3 requests/s more than it serves, 36 in 120 s
        assertThat(waitingAfterOffering(server(segment), capacity * 1.1)).isBetween(30, 40);
    }

    @Test
    void repeatedPrefixSkipsTheCachedBlocksOfItsPrefill() {
        Instance server = server("p;ttft_ms=0;prefill_ms_per_token=1;tps=10;tokens=1;block_size=4;prefix_cache_blocks=100");
        String shared = "one two three four five six seven eight";
        Recorded cold = submit(server, prompt(shared + " nine", true, 4));
        time.runAll();
        Recorded warm = submit(server, prompt(shared + " ten", true, 4));
        time.runAll();
        Recorded other = submit(server, prompt("alpha two three four five six seven eight nine", true, 4));
        time.runAll();

        assertThat(cold.firstToken()).isEqualTo(9.0);
        assertThat(warm.firstToken() - cold.firstToken()).as("8 of 9 tokens cached").isEqualTo(1.0);
        assertThat(other.firstToken() - warm.firstToken()).as("differs in the first block").isEqualTo(9.0);
        assertThat(server.counters().prefixQueries()).isEqualTo(27);
        assertThat(server.counters().prefixHits()).isEqualTo(8);
    }

    @Test
    void aFullyCachedPromptStillPrefillsItsLastBlock() {
        Instance server = server("p;ttft_ms=0;prefill_ms_per_token=1;tokens=1;block_size=4;prefix_cache_blocks=100");
        submit(server, prompt("a b c d e f g h", true, 4));
        time.runAll();
        Recorded again = submit(server, prompt("a b c d e f g h", true, 4));
        long start = time.nanoTime();
        time.runAll();

        assertThat(again.firstToken() - start / 1e6).isEqualTo(4.0);
    }

    @Test
    void prefixCacheForgetsTheLeastRecentlyUsedBlocks() {
        Instance server = server("p;ttft_ms=0;prefill_ms_per_token=1;tokens=1;block_size=2;prefix_cache_blocks=2");
        submit(server, prompt("a b c d e", true, 2));
        time.runAll();
        submit(server, prompt("x y z w v", true, 2));
        time.runAll();
        submit(server, prompt("a b c d e", true, 2));
        time.runAll();

        assertThat(server.counters().prefixHits()).as("x y z w pushed a b c d out").isZero();
        assertThat(server.load().cachedBlocks()).isEqualTo(2);
    }

    @Test
    void abortingAWaitingRequestLeavesTheQueue() {
        Instance server = server("p;max_num_seqs=1;ttft_ms=0;tps=10;tokens=3");
        submit(server, words(1, true));
        Recorded leaving = new Recorded(time);
        CompletionRequest request = words(1, true);
        Sequence sequence = server.submit(leaving, request, AnswerLength.of(server.profile(), request), false, 0);
        assertThat(server.load().waiting()).isEqualTo(1);

        sequence.abort();
        sequence.abort();
        assertThat(server.load().waiting()).isZero();
        time.runAll();
        assertThat(leaving.tokens).isEmpty();
        assertThat(server.counters().finished(2)).isEqualTo(1);
    }

    @Test
    void aClientGoneMidStreamFreesItsSlotForTheNext() {
        Instance server = server("p;max_num_seqs=1;ttft_ms=0;tps=10;tokens=10");
        Recorded gone = submit(server, words(1, true));
        Recorded next = submit(server, words(1, true));
        time.runUntil(250 * VirtualTime.MS);
        gone.gone = true;
        time.runAll();

        assertThat(gone.tokens).hasSize(3);
        assertThat(next.firstToken()).isEqualTo(300.0);
        assertThat(next.completed).isNotNull();
    }

    @Test
    void droppedStreamStopsHalfwayWithoutFinishing() {
        Instance server = server("p;ttft_ms=0;tps=10;tokens=10");
        Recorded dropped = submit(server, words(1, true), true);
        time.runAll();

        assertThat(dropped.tokens).hasSize(5);
        assertThat(dropped.dropped).isEqualTo(400.0);
        assertThat(dropped.completed).isNull();
        assertThat(server.counters().finished(2)).isEqualTo(1);
        assertThat(server.counters().generationTokens()).isEqualTo(5);
    }

    @Test
    void wholeAnswerWakesOnlyForItsFirstAndLastTokenWhenThePaceCannotChange() {
        Instance server = server("p;ttft_ms=20;tps=200;tokens=32");
        Recorded whole = submit(server, words(4, false));
        time.runUntil(20 * VirtualTime.MS);

        assertThat(time.pending()).isEqualTo(1);
        time.runAll();
        assertThat(whole.completed).isEqualTo(20.0 + 31 * 5);
        assertThat(whole.tokens).isEmpty();
        assertThat(server.counters().generationTokens()).isEqualTo(32);
        assertThat(server.counters().promptTokens()).isEqualTo(4);
        assertThat(server.counters().finished(0)).isEqualTo(1);
    }

    @Test
    void clientLimitEndsTheAnswerWithFinishReasonLength() {
        Instance server = server("p;ttft_ms=0;tps=10;tokens=10");
        submit(server, new CompletionRequest(false, false, 3, null, null, 1, new long[0]));
        time.runAll();

        assertThat(server.counters().finished(1)).isEqualTo(1);
        assertThat(server.counters().generationTokens()).isEqualTo(3);
    }
}
