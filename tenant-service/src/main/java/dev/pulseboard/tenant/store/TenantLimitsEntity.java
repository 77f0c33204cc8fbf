package dev.pulseboard.tenant.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A tenant's plan and limit overrides (JSON object keyed by the contract's limit names). */
@Entity
@Table(name = "tenant_limits")
public class TenantLimitsEntity {
    @Id
    @Column(name = "tenant_id", length = 40)
    public String tenantId;

    @Column(nullable = false, length = 32)
    public String plan;

    @Column(nullable = false, length = 4000)
    public String overrides;

    /** Incremented by every change. */
    @Column(nullable = false)
    public long version;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", length = 254)
    public String updatedBy;

    /** The tenant is being deleted: its record carries {@code deleted} (ADR 014). */
    @Column(name = "tenant_deleted", nullable = false)
    public boolean tenantDeleted;

    /** The version Kafka acknowledged on the tenant-limits topic; behind {@link #version} while unpublished. */
    @Column(name = "published_version")
    public Long publishedVersion;
}
