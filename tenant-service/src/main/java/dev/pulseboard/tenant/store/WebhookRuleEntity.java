package dev.pulseboard.tenant.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A tenant's webhook rule (V3__webhook_rules.sql). */
@Entity
@Table(name = "webhook_rules")
public class WebhookRuleEntity {

    @Id
    @Column(length = 40)
    public String id;

    @Column(name = "tenant_id", nullable = false, length = 40)
    public String tenantId;

    @Column(nullable = false, length = 100)
    public String name;

    /** A {@code WebhookScheme} id. */
    @Column(nullable = false, length = 32)
    public String scheme;

    @Column(nullable = false, length = 200)
    public String secret;

    /** The mapping as compact JSON ({@code WebhookMapping}). */
    @Column(nullable = false)
    public String mapping;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Null while the rule exists. */
    @Column(name = "deleted_at")
    public Instant deletedAt;

    /** When the row's current state (the rule, or its tombstone) was acknowledged on the webhook-rules topic. */
    @Column(name = "published_at")
    public Instant publishedAt;
}
