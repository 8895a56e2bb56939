package org.llmlb.balancer.stats.entity;

/**
 * What became of one attempt on an endpoint, by the status class the endpoint answered with; a
 * client that hung up first, and attempts without any status (refused, DNS, TLS, timeout, a
 * stream broken off), are classes of their own. Every attempt falls in exactly one.
 */
public enum AnswerClass {

    S2XX("2xx"), S3XX("3xx"), S4XX("4xx"), S5XX("5xx"), CLIENT_CLOSED("client_closed"), NO_ANSWER("no_answer");

    public final String label;

    AnswerClass(String label) {
        this.label = label;
    }

    /** The class of an HTTP status; 0 (none) and anything outside 200–599 is no answer. */
    public static AnswerClass of(int status) {
        return switch (status / 100) {
            case 2 -> S2XX;
            case 3 -> S3XX;
            case 4 -> S4XX;
            case 5 -> S5XX;
            default -> NO_ANSWER;
        };
    }
}
