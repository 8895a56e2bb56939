package org.llmlb.balancer.health.entity;

/**
 * The last thing that went wrong between the balancer and one endpoint, for its operator (admin
 * API and UI only, never a client): when, what kind ({@code refused}, {@code dns}, {@code tls},
 * {@code connect_timeout}, {@code timeout}, {@code closed}, {@code http}, {@code malformed},
 * {@code too_large}, {@code config}, {@code io}), the HTTP status if there was one, a sentence,
 * the first bytes of the endpoint's error body, and the request it happened to.
 */
public record UpstreamError(String at, String kind, Integer status, String message, String body, String requestId) {
}
