package org.llmlb.balancer;

/** The balancer's version, as it tells clients ({@code X-LB-Version}), upstreams and the admin API. */
public final class Balancer {

    public static final String VERSION = "4.0.0";
    public static final String USER_AGENT = "llmlb/" + VERSION;

    private Balancer() {
    }
}
