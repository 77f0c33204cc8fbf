package dev.pulseboard.tenant.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One administrative action of a tenant: who, what, when, from where. */
@Entity
@Table(name = "audit_events")
public class AuditEventEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tenant_id", nullable = false, length = 40)
    public String tenantId;

    @Column(nullable = false)
    public Instant at;

    @Column(name = "actor_id", length = 64)
    public String actorId;

    @Column(name = "actor_email", length = 254)
    public String actorEmail;

    @Column(nullable = false, length = 40)
    public String action;

    @Column(length = 200)
    public String target;

    @Column(name = "source_ip", length = 64)
    public String sourceIp;

    @Column(length = 1000)
    public String detail;
}
