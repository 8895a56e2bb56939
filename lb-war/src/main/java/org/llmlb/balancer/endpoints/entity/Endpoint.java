package org.llmlb.balancer.endpoints.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** An upstream OpenAI-compatible server as the operator configured it. */
@Entity
@Table(name = "endpoints")
@NamedQuery(name = Endpoint.ALL, query = "SELECT e FROM Endpoint e ORDER BY e.id")
@NamedQuery(name = Endpoint.BY_NAME, query = "SELECT e FROM Endpoint e WHERE e.name = :name")
public class Endpoint {

    public static final String ALL = "Endpoint.all";
    public static final String BY_NAME = "Endpoint.byName";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @NotNull(message = "is required")
    @Size(min = 1, max = 100, message = "must be 1 to 100 characters")
    @Pattern(regexp = "[\\x20-\\x7E]*", message = "must be printable ASCII (it travels in HTTP headers and metric labels)")
    @Column(nullable = false, unique = true)
    public String name;

    @NotNull(message = "is required")
    @Size(max = 2048, message = "must be at most 2048 characters")
    @Column(name = "base_url", nullable = false)
    public String baseUrl;

    @Size(max = 4096, message = "must be at most 4096 characters")
    @Column(name = "api_key")
    public String apiKey;

    public boolean enabled = true;
    public boolean connected = false;

    @DecimalMin(value = "0", message = "must be between 0 and 100")
    @DecimalMax(value = "100", message = "must be between 0 and 100")
    @Column(name = "token_quota_percent")
    public double tokenQuotaPercent = 0;

    @Min(value = 0, message = "must be at least 0")
    @Column(name = "priority_order")
    public int priorityOrder = 0;

    @Min(value = 0, message = "must be at least 0")
    @Column(name = "max_concurrent")
    public int maxConcurrent = 0;

    /** Seconds; null = {@code LB_DEFAULT_TIMEOUT_SECONDS}. */
    @DecimalMin(value = "1", message = "must be between 1 and 3600")
    @DecimalMax(value = "3600", message = "must be between 1 and 3600")
    public Double timeout;

    @Column(name = "verify_tls")
    public boolean verifyTls = true;

    @Column(name = "pos_x")
    public double posX = 0;

    @Column(name = "pos_y")
    public double posY = 0;

    @Column(name = "created_at")
    public Instant createdAt;
}
