package dev.pulseboard.tenant.limits;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulseboard.contract.limits.TenantLimitsPublisher;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.config.TenantServiceConfig;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import dev.pulseboard.tenant.store.TenantEntity;
import dev.pulseboard.tenant.store.TenantLimitsEntity;
import dev.pulseboard.tenant.store.TenantLimitsRepository;
import dev.pulseboard.tenant.store.TenantRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A tenant's limits (ADR 014): a plan (a named set of limits from configuration) plus the operator's overrides, stored
 * in PostgreSQL and written, merged, to the compacted tenant-limits topic that every gateway and the pipeline follow
 * (ADR 005), so a change applies everywhere within their poll interval, without a restart. A limit neither the plan nor
 * the overrides set is the platform default. The row commits first; the record is then written and the row marked
 * published; what Kafka did not acknowledge, the outbox writes again.
 */
@ApplicationScoped
public class LimitsService {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a tenant's limits are: its plan, the overrides, and the two merged (absent = platform default). */
    public record LimitsView(String tenant, String plan, JsonNode limits, JsonNode overrides, long version) {}

    private final TenantLimitsRepository rows;
    private final TenantRepository tenants;
    private final Map<String, ObjectNode> plans = new TreeMap<>();
    private final String defaultPlan;
    private final String bootstrap;
    private final String topic;
    private TenantLimitsPublisher publisher;

    LimitsService(TenantLimitsRepository rows, TenantRepository tenants, TenantServiceConfig config) {
        this.rows = rows;
        this.tenants = tenants;
        this.defaultPlan = config.limits().defaultPlan();
        config.limits().plans().forEach((name, limits) -> {
            ObjectNode values = JSON.createObjectNode();
            limits.forEach((field, value) -> values.set(field, number(value, name + "." + field)));
            plans.put(name, LimitFields.validate(values, "plans." + name));
        });
        plans.putIfAbsent(defaultPlan, JSON.createObjectNode());
        this.bootstrap = config.kafka().bootstrapServers();
        this.topic = config.kafka().limitsTopic();
    }

    /** The plans by name with their limits. */
    public Map<String, JsonNode> plans() {
        return Map.copyOf(plans);
    }

    @Transactional
    public LimitsView get(TenantId tenant) {
        requireTenant(tenant);
        return view(tenant, rows.findByIdOptional(tenant.value()).orElse(null));
    }

    /**
     * Sets the plan (unchanged when null) and replaces the overrides (unchanged when null; {} clears them), then writes
     * the merged limits to the topic. 400 err-pb-limits-invalid for an unknown plan or limit or a value of the wrong
     * type; 503 err-pb-limits-unpublished when Kafka does not acknowledge (stored; the outbox keeps trying).
     */
    public LimitsView set(TenantId tenant, String plan, JsonNode overrides, String by) {
        LimitsView stored = store(tenant, plan, overrides, by);
        publish(tenant.value());
        return stored;
    }

    @Transactional
    LimitsView store(TenantId tenant, String plan, JsonNode overrides, String by) {
        requireTenant(tenant);
        if (plan != null && !plans.containsKey(plan)) {
            throw LimitFields.invalid(
                    "plan", "no plan named '" + plan + "'; plans: " + String.join(", ", plans.keySet()) + ".");
        }
        ObjectNode checked = overrides == null ? null : LimitFields.validate(overrides, "overrides");
        TenantLimitsEntity row = rowOrNew(tenant);
        if (plan != null) {
            row.plan = plan;
        }
        if (checked != null) {
            row.overrides = checked.toString();
        }
        row.version++;
        row.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        row.updatedBy = by;
        if (!rows.isPersistent(row)) {
            rows.persist(row);
        }
        return view(tenant, row);
    }

    /**
     * The tenant is being deleted (organisation deletion, ADR 014): its record says {@code deleted}, so the pipeline
     * forgets its series and writes nothing more of it. Idempotent.
     */
    public void markDeleted(TenantId tenant) {
        QuarkusTransaction.requiringNew().run(() -> {
            TenantLimitsEntity row = rowOrNew(tenant);
            if (row.tenantDeleted) {
                return;
            }
            row.tenantDeleted = true;
            row.version++;
            row.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            row.updatedBy = "deletion";
            if (!rows.isPersistent(row)) {
                rows.persist(row);
            }
        });
        publish(tenant.value());
    }

    /** The tenant's record removed from the topic (a tombstone), once its data is gone (purge). */
    public void forget(TenantId tenant) {
        try {
            publisher().clear(tenant.value());
        } catch (IllegalStateException e) {
            throw new ProblemException(
                    TenantError.LIMITS_UNPUBLISHED, "The tenant-limits record could not be removed yet.", null, e);
        }
    }

    /** Writes the tenant's current limits to the topic and marks them published. */
    @Transactional
    void publish(String tenant) {
        TenantLimitsEntity row = rows.findById(tenant);
        if (row == null || (row.publishedVersion != null && row.publishedVersion >= row.version)) {
            return;
        }
        JsonNode limits = merged(row);
        try {
            if (limits.isEmpty() && !row.tenantDeleted) {
                publisher().clear(tenant);
            } else {
                publisher()
                        .publish(
                                tenant,
                                LimitFields.toMessage(limits).toBuilder()
                                        .setDeleted(row.tenantDeleted)
                                        .build());
            }
        } catch (IllegalStateException e) {
            throw new ProblemException(
                    TenantError.LIMITS_UNPUBLISHED,
                    "The limits are stored but the gateways could not be told yet; they will be within seconds.",
                    null,
                    e);
        }
        row.publishedVersion = row.version;
    }

    /** Writes every tenant's limits Kafka has not acknowledged; returns how many. Used by the outbox. */
    public int publishPending() {
        int published = 0;
        for (String tenant : new TreeSet<>(pendingTenants())) {
            publish(tenant);
            published++;
        }
        return published;
    }

    @Transactional
    java.util.List<String> pendingTenants() {
        return rows.listUnpublished().stream().map(r -> r.tenantId).toList();
    }

    /** The tenant's row, or a new one (not persisted yet) on the default plan without overrides. */
    private TenantLimitsEntity rowOrNew(TenantId tenant) {
        return rows.findByIdOptional(tenant.value()).orElseGet(() -> {
            TenantLimitsEntity row = new TenantLimitsEntity();
            row.tenantId = tenant.value();
            row.plan = defaultPlan;
            row.overrides = "{}";
            row.version = 0;
            return row;
        });
    }

    private LimitsView view(TenantId tenant, TenantLimitsEntity row) {
        if (row == null) {
            return new LimitsView(tenant.value(), defaultPlan, plans.get(defaultPlan), JSON.createObjectNode(), 0);
        }
        return new LimitsView(tenant.value(), row.plan, merged(row), parse(row.overrides), row.version);
    }

    private ObjectNode merged(TenantLimitsEntity row) {
        return LimitFields.merge(plans.getOrDefault(row.plan, JSON.createObjectNode()), parse(row.overrides));
    }

    private void requireTenant(TenantId tenant) {
        if (tenants.findByIdOptional(tenant.value())
                .filter(t -> t.status == TenantEntity.Status.ACTIVE)
                .isEmpty()) {
            throw new ProblemException(TenantError.ORGANIZATION_NOT_FOUND, "No active tenant " + tenant + ".");
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored overrides are not JSON", e);
        }
    }

    private static JsonNode number(String value, String where) {
        try {
            if (value.contains(",")) {
                var array = JSON.createArrayNode();
                for (String v : value.split(",")) {
                    array.add(Double.parseDouble(v.strip()));
                }
                return array;
            }
            return value.matches("-?\\d+")
                    ? JSON.getNodeFactory().numberNode(Long.parseLong(value))
                    : JSON.getNodeFactory().numberNode(Double.parseDouble(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "pulseboard.tenant.limits.plans." + where + " is not a number: " + value, e);
        }
    }

    private synchronized TenantLimitsPublisher publisher() {
        if (publisher == null) {
            publisher = new TenantLimitsPublisher(bootstrap, topic);
        }
        return publisher;
    }

    synchronized void close(@Observes ShutdownEvent event) {
        if (publisher != null) {
            publisher.close();
        }
    }
}
