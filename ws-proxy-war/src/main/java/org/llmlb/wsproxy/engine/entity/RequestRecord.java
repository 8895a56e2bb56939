package org.llmlb.wsproxy.engine.entity;

/**
 * What one request measured, in nanoseconds from the moment it was sent. {@code sentAtMillis}
 * is that moment on the server's wall clock, so a request log lines up with other logs;
 * {@code ttftNanos} is negative when no content arrived (an error, or a non-streamed answer);
 * {@code itlNanos} holds every gap between consecutive content chunks; {@code endpoint} and
 * {@code cache} are the balancer's {@code X-LB-Endpoint} and {@code X-LB-Cache} answer headers,
 * or null when the target is not the balancer. A failed request has an {@code errorCode} (the
 * answer's {@code error.code}, else its type or the kind of I/O failure) and a short
 * {@code errorMessage}. {@code promptTokens} and {@code outputTokens} come from the answer's
 * {@code usage} unless {@code tokensEstimated}: then output tokens are counted content chunks
 * and prompt tokens the whitespace-separated words sent ({@link #tokensSource()}). {@code turn}
 * is the request's turn in its conversation, from 1.
 */
public record RequestRecord(long sentAtMillis, int status, boolean error, long ttftNanos, long e2eNanos,
                            long[] itlNanos, long outputTokens, boolean tokensEstimated, String endpoint,
                            String cache, String errorCode, String errorMessage, long promptTokens, int turn) {

    public RequestRecord(long sentAtMillis, int status, boolean error, long ttftNanos, long e2eNanos,
                         long[] itlNanos, long outputTokens, boolean tokensEstimated, String endpoint,
                         String cache, String errorCode, String errorMessage) {
        this(sentAtMillis, status, error, ttftNanos, e2eNanos, itlNanos, outputTokens, tokensEstimated, endpoint,
                cache, errorCode, errorMessage, 0, 1);
    }

    /** What the answer alone tells; the sender adds when it was sent and by whom it was served. */
    public RequestRecord(int status, boolean error, long ttftNanos, long e2eNanos, long[] itlNanos,
                         long outputTokens, boolean tokensEstimated) {
        this(0, status, error, ttftNanos, e2eNanos, itlNanos, outputTokens, tokensEstimated, null, null, null, null);
    }

    /** Where the token counts come from: {@code usage} (the server said) or {@code counted} (chunks and words). */
    public String tokensSource() {
        return tokensEstimated ? "counted" : "usage";
    }

    /** The prompt's size (usage's, else {@code estimate}) and the request's turn in its conversation. */
    public RequestRecord prompt(long usagePromptTokens, long estimate, int turn) {
        return new RequestRecord(sentAtMillis, status, error, ttftNanos, e2eNanos, itlNanos, outputTokens,
                tokensEstimated, endpoint, cache, errorCode, errorMessage,
                tokensEstimated || usagePromptTokens < 0 ? estimate : usagePromptTokens, turn);
    }

    public RequestRecord withEndpoint(String endpoint) {
        return new RequestRecord(sentAtMillis, status, error, ttftNanos, e2eNanos, itlNanos, outputTokens,
                tokensEstimated, endpoint, cache, errorCode, errorMessage, promptTokens, turn);
    }

    /** The balancer's answer headers: which endpoint served the request, and whether its cache did. */
    public RequestRecord servedBy(String endpoint, String cache) {
        return new RequestRecord(sentAtMillis, status, error, ttftNanos, e2eNanos, itlNanos, outputTokens,
                tokensEstimated, endpoint, cache, errorCode, errorMessage, promptTokens, turn);
    }

    public RequestRecord sentAt(long epochMillis) {
        return new RequestRecord(epochMillis, status, error, ttftNanos, e2eNanos, itlNanos, outputTokens,
                tokensEstimated, endpoint, cache, errorCode, errorMessage, promptTokens, turn);
    }

    public static RequestRecord failed(int status, long e2eNanos) {
        return failed(status, e2eNanos, status == 0 ? "io_error" : "http_" + status, null);
    }

    public static RequestRecord failed(int status, long e2eNanos, String code, String message) {
        return new RequestRecord(0, status, true, -1, e2eNanos, new long[0], 0, false, null, null, code, message);
    }

    public boolean hasTtft() {
        return ttftNanos >= 0;
    }

    /** (e2e − TTFT) / (output tokens − 1); negative when it is undefined. */
    public double tpotNanos() {
        if (!hasTtft() || outputTokens < 2) {
            return -1;
        }
        return (double) (e2eNanos - ttftNanos) / (outputTokens - 1);
    }

    /** The mean gap between this request's content chunks; negative without two of them. */
    public double itlMeanNanos() {
        if (itlNanos.length == 0) {
            return -1;
        }
        long sum = 0;
        for (long gap : itlNanos) {
            sum += gap;
        }
        return (double) sum / itlNanos.length;
    }
}
