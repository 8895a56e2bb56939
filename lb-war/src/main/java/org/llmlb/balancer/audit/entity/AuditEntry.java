package org.llmlb.balancer.audit.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One admin mutation: who (address), what, on which target, which fields (never their secret values). */
@Entity
@Table(name = "audit_log")
public class AuditEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Instant at;

    public String action;

    @Column(name = "target_type")
    public String targetType;

    @Column(name = "target_id")
    public String targetId;

    /** The target's name when the change was made (before a delete, after a rename). */
    @Column(name = "target_name")
    public String targetName;

    /** Changed field names, comma-separated. */
    public String fields;

    @Column(name = "remote_address")
    public String remoteAddress;
}
