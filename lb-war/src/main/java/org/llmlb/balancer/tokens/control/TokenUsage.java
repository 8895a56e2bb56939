package org.llmlb.balancer.tokens.control;

import java.util.concurrent.atomic.LongAdder;

/** Live usage of one client token ("token tracking"); starts from the stored totals. */
public final class TokenUsage {

    final LongAdder requests = new LongAdder();
    final LongAdder promptTokens = new LongAdder();
    final LongAdder completionTokens = new LongAdder();
    volatile long lastUsedMillis;

    TokenUsage(long requests, long prompt, long completion, long lastUsedMillis) {
        this.requests.add(requests);
        this.promptTokens.add(prompt);
        this.completionTokens.add(completion);
        this.lastUsedMillis = lastUsedMillis;
    }

    public void request(long nowMillis) {
        requests.increment();
        lastUsedMillis = nowMillis;
    }

    public void tokens(long prompt, long completion) {
        promptTokens.add(prompt);
        completionTokens.add(completion);
    }

    public long requests() {
        return requests.sum();
    }

    public long promptTokens() {
        return promptTokens.sum();
    }

    public long completionTokens() {
        return completionTokens.sum();
    }

    public long lastUsedMillis() {
        return lastUsedMillis;
    }

    void reset() {
        requests.reset();
        promptTokens.reset();
        completionTokens.reset();
    }
}
