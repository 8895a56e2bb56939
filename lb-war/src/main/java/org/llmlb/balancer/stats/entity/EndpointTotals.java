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

    /** Attempts per {@link AnswerClass}, in its order; columns added to older databases hold null. */
    @Column(name = "answers_2xx")
    public Long answers2xx;

    @Column(name = "answers_3xx")
    public Long answers3xx;

    @Column(name = "answers_4xx")
    public Long answers4xx;

    @Column(name = "answers_5xx")
    public Long answers5xx;

    @Column(name = "answers_client_closed")
    public Long answersClientClosed;

    @Column(name = "answers_no_answer")
    public Long answersNoAnswer;

    public long answers(AnswerClass c) {
        Long n = switch (c) {
            case S2XX -> answers2xx;
            case S3XX -> answers3xx;
            case S4XX -> answers4xx;
            case S5XX -> answers5xx;
            case CLIENT_CLOSED -> answersClientClosed;
            case NO_ANSWER -> answersNoAnswer;
        };
        return n == null ? 0 : n;
    }

    public void answers(AnswerClass c, long n) {
        switch (c) {
            case S2XX -> answers2xx = n;
            case S3XX -> answers3xx = n;
            case S4XX -> answers4xx = n;
            case S5XX -> answers5xx = n;
            case CLIENT_CLOSED -> answersClientClosed = n;
            case NO_ANSWER -> answersNoAnswer = n;
        }
    }
}
