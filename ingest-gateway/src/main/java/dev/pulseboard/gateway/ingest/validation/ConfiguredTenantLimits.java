package dev.pulseboard.gateway.ingest.validation;

import dev.pulseboard.contract.validation.TenantLimits;
import dev.pulseboard.contract.validation.ValidationLimits;
import dev.pulseboard.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link TenantLimits} from configuration: {@code pulseboard.gateway.validation.defaults.*} for everyone, and
 * {@code pulseboard.gateway.validation.tenants.<tenant>.*} replacing single fields for one tenant. Resolved once
 * at startup so the hot path is one map lookup.
 */
@ApplicationScoped
public class ConfiguredTenantLimits implements TenantLimits {
    private final ValidationLimits defaults;
    private final Map<String, ValidationLimits> perTenant = new HashMap<>();

    public ConfiguredTenantLimits(GatewayConfig config) {
        GatewayConfig.Limits d = config.validation().defaults();
        this.defaults = new ValidationLimits(
                d.maxMetricNameLength(),
                d.maxLabelNameLength(),
                d.maxLabelValueLength(),
                d.maxLabelsPerSeries(),
                d.pastGrace(),
                d.futureGrace());
        config.validation().tenants().forEach((tenant, o) -> perTenant.put(tenant, apply(defaults, o)));
    }

    @Override
    public ValidationLimits limitsFor(String tenant) {
        return perTenant.getOrDefault(tenant, defaults);
    }

    static ValidationLimits apply(ValidationLimits d, GatewayConfig.LimitOverrides o) {
        return new ValidationLimits(
                o.maxMetricNameLength().orElse(d.maxMetricNameLength()),
                o.maxLabelNameLength().orElse(d.maxLabelNameLength()),
                o.maxLabelValueLength().orElse(d.maxLabelValueLength()),
                o.maxLabelsPerSeries().orElse(d.maxLabelsPerSeries()),
                o.pastGrace().orElse(d.pastGrace()),
                o.futureGrace().orElse(d.futureGrace()));
    }
}
