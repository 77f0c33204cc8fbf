package dev.pulseboard.tenant.provisioning;

import dev.pulseboard.contract.tenant.TenantId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A row of provisioning_status (V8__provisioning_status.sql); the key is (tenant, target). */
@Entity
@Table(name = "provisioning_status")
@IdClass(ProvisioningStatusEntity.Key.class)
public class ProvisioningStatusEntity {

    @Id
    @Column(name = "tenant_id", length = 40)
    public String tenantId;

    /** {@link Target#id()}. */
    @Id
    @Column(length = 16)
    public String target;

    /** READY, FAILED or PENDING ({@link ProvisioningState}). */
    @Column(nullable = false, length = 16)
    public String state;

    @Column(nullable = false, length = 500)
    public String detail;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "read_key_id")
    public UUID readKeyId;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "checked_at", nullable = false)
    public Instant checkedAt;

    TargetStatus toStatus() {
        return new TargetStatus(
                new TenantId(tenantId),
                Target.of(target),
                ProvisioningState.valueOf(state),
                detail,
                attempts,
                updatedAt,
                checkedAt);
    }

    void set(TargetStatus status) {
        state = status.state().name();
        detail = status.detail();
        attempts = status.attempts();
        updatedAt = status.updatedAt();
        checkedAt = status.checkedAt();
    }

    /** The primary key (tenant_id, target). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        public String tenantId;
        public String target;

        public Key() {}

        public Key(String tenantId, String target) {
            this.tenantId = tenantId;
            this.target = target;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(tenantId, k.tenantId) && Objects.equals(target, k.target);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, target);
        }
    }
}
