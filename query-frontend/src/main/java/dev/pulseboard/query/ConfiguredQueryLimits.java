package dev.pulseboard.query;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/**
 * Query limits from configuration: {@code pulseboard.query.defaults.*} for everyone and
 * {@code pulseboard.query.tenants.<tenant>.*} replacing single fields for one tenant. Resolved once at
 * startup so a request costs one map lookup.
 */
@ApplicationScoped
public class ConfiguredQueryLimits {
    private final QueryLimits defaults;
    private final Map<String, QueryLimits> perTenant = new HashMap<>();

    public ConfiguredQueryLimits(QueryConfig config) {
        QueryConfig.Limits d = config.defaults();
        this.defaults = new QueryLimits(
                d.maxQueryLength(), d.maxRange(), d.maxPoints(), d.timeout(), d.maxConcurrent(), d.extentCache());
        config.tenants()
                .forEach((tenant, o) -> perTenant.put(
                        tenant,
                        new QueryLimits(
                                o.maxQueryLength().orElse(defaults.maxQueryLength()),
                                o.maxRange().orElse(defaults.maxRange()),
                                o.maxPoints().orElse(defaults.maxPoints()),
                                o.timeout().orElse(defaults.timeout()),
                                o.maxConcurrent().orElse(defaults.maxConcurrent()),
                                o.extentCache().orElse(defaults.extentCache()))));
    }

    public QueryLimits limitsFor(String tenant) {
        return perTenant.getOrDefault(tenant, defaults);
    }
}
