package org.llmlb.balancer.routing.entity;

/**
 * What routing needs of one configured endpoint: the operator's settings, without the admin
 * UI's canvas position or the stored entity. Routing builds its {@link Upstream} from it.
 *
 * @param timeoutSeconds null: {@code LB_DEFAULT_TIMEOUT_SECONDS}
 */
public record EndpointSettings(long id, String name, String baseUrl, String apiKey, boolean enabled,
                               boolean connected, double quotaPercent, int priorityOrder, int maxConcurrent,
                               Double timeoutSeconds, boolean verifyTls) {

    @Override
    public String toString() {
        // the api key stays out of log lines and assertion messages
        return "EndpointSettings[" + id + " " + name + " " + baseUrl + "]";
    }
}
