package org.llmlb.balancer.routing.entity;

/**
 * An endpoint was deleted (CDI event): routing drops it, and the model catalogue, endpoint health
 * and statistics forget what they knew about it.
 */
public record EndpointRemoved(long endpointId) {
}
