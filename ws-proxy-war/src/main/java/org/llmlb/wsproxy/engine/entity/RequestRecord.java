package org.llmlb.wsproxy.engine.entity;

/**
 * What one request measured, in nanoseconds from the moment it was sent. {@code ttftNanos} is
 * negative when no content arrived (an error, or a non-streamed answer); {@code itlNanos} holds
 * every gap between consecutive content chunks; {@code endpoint} is the balancer's
 * {@code X-LB-Endpoint} answer header, or null when the target is not the balancer.
 */
public record RequestRecord(int status, boolean error, long ttftNanos, long e2eNanos, long[] itlNanos,
                            long outputTokens, boolean tokensEstimated, String endpoint) {

    public RequestRecord(int status, boolean error, long ttftNanos, long e2eNanos, long[] itlNanos,
                         long outputTokens, boolean tokensEstimated) {
        this(status, error, ttftNanos, e2eNanos, itlNanos, outputTokens, tokensEstimated, null);
    }

    public RequestRecord withEndpoint(String endpoint) {
        return new RequestRecord(status, error, ttftNanos, e2eNanos, itlNanos, outputTokens, tokensEstimated, endpoint);
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
}
