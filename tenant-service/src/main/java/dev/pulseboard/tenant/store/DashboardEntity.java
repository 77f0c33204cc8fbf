package dev.pulseboard.tenant.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A tenant's saved Grafana dashboard (V6__dashboards.sql); the key is (tenant, uid). */
@Entity
@Table(name = "dashboards")
@IdClass(DashboardEntity.Key.class)
public class DashboardEntity {

    @Id
    @Column(name = "tenant_id", length = 40)
    public String tenantId;

    /** Grafana's uid: {@code [A-Za-z0-9_-]{1,40}}, unique within the tenant only. */
    @Id
    @Column(length = 40)
    public String uid;

    /** The model's title, stripped. */
    @Column(nullable = false, length = 200)
    public String title;

    /** 1 when created, one more on every change; equal to the model's "version". */
    @Column(nullable = false)
    public int version;

    /** The dashboard JSON, compact, with this row's uid and version and without Grafana's numeric "id". */
    @Column(nullable = false)
    public String model;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The primary key (tenant_id, uid). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        public String tenantId;
        public String uid;

        public Key() {}

        public Key(String tenantId, String uid) {
            this.tenantId = tenantId;
            this.uid = uid;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(tenantId, k.tenantId) && Objects.equals(uid, k.uid);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, uid);
        }
    }
}
