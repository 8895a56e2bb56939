package org.llmlb.balancer.stats.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Persisted running totals of one endpoint, so statistics survive a restart. */
@Entity
@Table(name = "endpoint_totals")
public class EndpointTotals {

    @Id
    @Column(name = "endpoint_id")
    public Long endpointId;

    public long requests;
    public long failures;

    @Column(name = "prompt_tokens")
    public long promptTokens;

    @Column(name = "completion_tokens")
    public long completionTokens;

    @Column(name = "estimated_completion_tokens")
    public long estimatedCompletionTokens;

    @Column(name = "latency_micros_sum")
    public long latencyMicrosSum;

    @Column(name = "latency_count")
    public long latencyCount;
}
