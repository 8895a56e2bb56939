package org.llmlb.balancer.tokens.entity;

import java.time.Instant;

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

/** A bearer token a client sends to the proxy; only its SHA-256 digest is stored. */
@Entity
@Table(name = "client_tokens")
@NamedQuery(name = ClientToken.ALL, query = "SELECT t FROM ClientToken t ORDER BY t.id")
public class ClientToken {

    public static final String ALL = "ClientToken.all";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @NotNull(message = "is required")
    @Size(min = 1, max = 100, message = "must be 1 to 100 characters")
    @Pattern(regexp = "[\\x20-\\x7E]*", message = "must be printable ASCII (it travels in HTTP headers and metric labels)")
    public String name;

    @Column(name = "token_hash", nullable = false, unique = true)
    public String tokenHash;

    @Column(name = "token_preview")
    public String tokenPreview;

    public boolean enabled = true;

    @Column(name = "incoming_block_id")
    public Long incomingBlockId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    public long requests;

    @Column(name = "prompt_tokens")
    public long promptTokens;

    @Column(name = "completion_tokens")
    public long completionTokens;
}
