package org.llmlb.balancer.routing.entity;

/**
 * An endpoint was created or changed (CDI event, fired by the endpoints component after the
 * change is stored). Routing takes the new settings first; the model catalogue then discovers its
 * models again and the response cache empties.
 */
public record EndpointChanged(EndpointSettings endpoint) {
}
