package org.llmlb.wsproxy.engine.entity;

/**
 * One second of a run by completion time, for a report's charts: {@code second} since the start
 * (0 is [0, 1) s), the requests and errors that completed in it, their output tokens, and the
 * mean TTFT, end-to-end and ITL of those requests in milliseconds (null when none had one).
 */
public record TimelinePoint(int second, long requests, long errors, long outputTokens, Double ttftMsMean,
                            Double e2eMsMean, Double itlMsMean) {
}
