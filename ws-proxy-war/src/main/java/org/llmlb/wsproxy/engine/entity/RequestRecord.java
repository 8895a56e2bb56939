package org.llmlb.wsproxy.engine.entity;

/**
 * What one request measured, in nanoseconds from the moment it was sent. {@code sentAtMillis}
 * is that moment on the server's wall clock, so a request log lines up with other logs;
 * {@code ttftNanos} is negative when no content arrived (an error, or a non-streamed answer);
 * {@code itlNanos} holds every gap between consecutive content chunks; {@code endpoint} is the
 * balancer's {@code X-LB-Endpoint} answer header, or null when the target is not the balancer.
 */
public record RequestRecord(long sentAtMillis, int status, boolean error, long ttftNanos, long e2eNanos,
                            long[] itlNanos, long outputTokens, boolean tokensEstimated, String endpoint) {

    /** What the answer alone tells; the sender adds when it was sent and by whom it was served. */
    public RequestRecord(int status, boolean error, long ttftNanos, long e2eNanos, long[] itlNanos,
                         long outputTokens, boolean tokensEstimated) {
        this(0, status, error, ttftNanos, e2eNanos, itlNanos, outputTokens, tokensEstimated, null);
    }

    public RequestRecord withEndpoint(String endpoint) {
        return new RequestRecord(sentAtMillis, status, error, ttftNanos, e2eNanos, itlNanos, outputTokens,
                tokensEstimated, endpoint);
    }

    public RequestRecord sentAt(long epochMillis) {
        return new RequestRecord(epochMillis, status, error, ttftNanos, e2eNanos, itlNanos, outputTokens,
                tokensEstimated, endpoint);
    }

    public static RequestRecord failed(int status, long e2eNanos) {
        return new RequestRecord(status, true, -1, e2eNanos, new long[0], 0, false);
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
