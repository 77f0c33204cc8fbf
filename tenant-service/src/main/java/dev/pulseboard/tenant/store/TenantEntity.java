package dev.pulseboard.tenant.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A tenant row; {@link #id} is the TenantId slug and the Keycloak organization alias. */
@Entity
@Table(name = "tenants")
public class TenantEntity {

    /** Sign-up creates the row as PROVISIONING and flips it to ACTIVE once the Keycloak objects and first key exist. */
    public enum Status {
        PROVISIONING,
        ACTIVE,
        /** Being deleted: the provisioning reconciler removes it from Grafana and Thanos (ProvisioningJob#deprovision). */
        DELETING
    }

    @Id
    @Column(length = 40)
    public String id;

    @Column(name = "display_name", nullable = false, length = 100)
    public String displayName;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The admin user's e-mail, recorded at sign-up (null for tenants from before V4). */
    @Column(name = "admin_email", length = 254)
    public String adminEmail;

    /** When the owner asked for the deletion; null unless DELETING. */
    @Column(name = "deleting_since")
    public Instant deletingSince;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16, columnDefinition = "varchar(16)")
    public Status status;
}
