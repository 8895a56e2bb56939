package org.llmlb.balancer.tokens.control;

import java.util.concurrent.atomic.LongAdder;

/** Live usage of one client token ("token tracking"); starts from the stored totals. */
public final class TokenUsage {

    final LongAdder requests = new LongAdder();
    final LongAdder promptTokens = new LongAdder();
    final LongAdder completionTokens = new LongAdder();
    volatile long lastUsedMillis;
    /** What the database holds of this replica's counts: the flusher's alone. */
    private long savedRequests;
    private long savedPrompt;
    private long savedCompletion;

    TokenUsage(long requests, long prompt, long completion, long lastUsedMillis) {
        this.requests.add(requests);
        this.promptTokens.add(prompt);
        this.completionTokens.add(completion);
        this.lastUsedMillis = lastUsedMillis;
        this.savedRequests = requests;
        this.savedPrompt = prompt;
        this.savedCompletion = completion;
    }

    /**
     * Counted here and not yet added to the stored totals: requests, prompt and completion
     * tokens. Replicas sharing a database each add their own, so the totals sum them.
     */
    public synchronized long[] unsaved() {
        return new long[]{requests() - savedRequests, promptTokens() - savedPrompt, completionTokens() - savedCompletion};
    }

    /** {@code delta}, from {@link #unsaved()}, is in the stored totals now. */
    public synchronized void saved(long[] delta) {
        savedRequests += delta[0];
        savedPrompt += delta[1];
        savedCompletion += delta[2];
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
