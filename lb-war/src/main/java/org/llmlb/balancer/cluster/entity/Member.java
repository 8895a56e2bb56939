package org.llmlb.balancer.cluster.entity;

/** A balancer replica of the cluster, as the admin state shows it. */
public record Member(String name, boolean self, double lastSeenSecondsAgo, double upSeconds, int inflight) {
}
