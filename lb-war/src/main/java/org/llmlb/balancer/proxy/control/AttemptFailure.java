package org.llmlb.balancer.proxy.control;

import org.llmlb.balancer.problems.control.ProblemException;

/**
 * Why an attempt on an endpoint failed: what the client may be told ({@code problem}, never
 * exception text) and what the operator is told (kind, status, detail, the first bytes of the
 * endpoint's error body).
 */
record AttemptFailure(ProblemException problem, String kind, int status, String detail, String body) {

    AttemptFailure(ProblemException problem, String kind, String detail) {
        this(problem, kind, 0, detail, null);
    }

    AttemptFailure withBody(String start) {
        return new AttemptFailure(problem, kind, status, detail, start);
    }
}
