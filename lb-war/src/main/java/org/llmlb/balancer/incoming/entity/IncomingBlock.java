package org.llmlb.balancer.incoming.entity;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** An extra entry node: its own wires to endpoints, optional pool name and routing mode. */
@Entity
@Table(name = "incoming_blocks")
@NamedQuery(name = IncomingBlock.ALL, query = "SELECT b FROM IncomingBlock b ORDER BY b.id")
public class IncomingBlock {

    public static final String ALL = "IncomingBlock.all";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @NotNull(message = "is required")
    @Size(min = 1, max = 100, message = "must be 1 to 100 characters")
    @Pattern(regexp = "[\\x20-\\x7E]*", message = "must be printable ASCII (it travels in HTTP headers and metric labels)")
    public String name;

    @Size(min = 1, max = 100, message = "must be 1 to 100 characters")
    @Pattern(regexp = "[A-Za-z0-9._~-]+", message = "may contain only letters, digits and . _ ~ -")
    @Column(name = "pool_name")
    public String poolName;

    @Pattern(regexp = "percentage|priority|least_load", message = "must be 'percentage', 'priority', 'least_load' or null")
    @Column(name = "routing_mode")
    public String routingMode;

    /** Session affinity of requests through this node; null: the global one. */
    @Pattern(regexp = "none|user|header|prefix", message = "must be 'none', 'user', 'header', 'prefix' or null")
    public String affinity;

    /** Wired endpoint ids, comma-separated: the set is small and always read whole. */
    @Column(name = "endpoint_ids")
    public String endpointIds = "";

    public boolean enabled = true;

    @Column(name = "pos_x")
    public double posX;

    @Column(name = "pos_y")
    public double posY;

    public List<Long> endpointIdList() {
        if (endpointIds == null || endpointIds.isBlank()) {
            return List.of();
        }
        return Arrays.stream(endpointIds.split(",")).map(String::trim).map(Long::valueOf).toList();
    }

    public void endpointIdList(List<Long> ids) {
        endpointIds = ids.stream().distinct().map(String::valueOf).collect(Collectors.joining(","));
    }
}
