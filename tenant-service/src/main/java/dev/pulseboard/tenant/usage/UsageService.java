package dev.pulseboard.tenant.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.limits.LimitsService;
import dev.pulseboard.tenant.usage.PlatformPrometheus.Sample;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A tenant's usage against its limits, from the services' own metrics: the gateways' counters of accepted and
 * discarded samples ({@code pulseboard_received_samples_total}, {@code pulseboard_discarded_samples_total}, scraped
 * with the tenant as {@code subject_tenant}) and the pipeline's accounting in the tenant's data
 * ({@code pulseboard_samples_total{outcome="late"|"refused"}}), with the limits from {@link LimitsService}.
 */
@ApplicationScoped
public class UsageService {
    /** Discards are summed over this window. */
    static final String WINDOW = "1h";

    /** Samples per second accepted over the last minute, and the tenant's ingest rate limit (null: none). */
    public record Rate(double current, Double limit) {}

    /** Samples refused or lost at one stage for one reason (a stable error id) over the window. */
    public record Discard(String stage, String reason, long samples) {}

    public record Usage(
            String tenant,
            String plan,
            Rate ingestRate,
            long acceptedInWindow,
            String window,
            List<Discard> discarded) {}

    private final PlatformPrometheus prometheus;
    private final LimitsService limits;

    UsageService(PlatformPrometheus prometheus, LimitsService limits) {
        this.prometheus = prometheus;
        this.limits = limits;
    }

    public Usage of(TenantId tenant) {
        // TenantId is [a-z0-9-]: safe inside a PromQL string literal.
        String subject = "subject_tenant=\"" + tenant.value() + "\"";
        double rate = first(prometheus.query("sum(rate(pulseboard_received_samples_total{" + subject + "}[1m]))"));
        long accepted = Math.round(first(
                prometheus.query("sum(increase(pulseboard_received_samples_total{" + subject + "}[" + WINDOW + "]))")));
        List<Discard> discarded = new ArrayList<>();
        for (Sample s : prometheus.query(
                "sum by (reason) (increase(pulseboard_discarded_samples_total{" + subject + "}[" + WINDOW + "]))")) {
            add(discarded, "gateway", s.labels().get("reason"), s.value());
        }
        for (Sample s : prometheus.query("sum by (reason) (increase(pulseboard_samples_total{tenant=\"" + tenant.value()
                + "\",outcome!=\"aggregated\"}[" + WINDOW + "]))")) {
            add(discarded, "pipeline", s.labels().get("reason"), s.value());
        }
        discarded.sort(Comparator.comparingLong(Discard::samples).reversed().thenComparing(Discard::reason));
        LimitsService.LimitsView view = limits.get(tenant);
        JsonNode limit = view.limits().get("ingest_rate");
        Double rateLimit = limit == null || limit.asDouble() <= 0 ? null : limit.asDouble();
        return new Usage(tenant.value(), view.plan(), new Rate(rate, rateLimit), accepted, WINDOW, discarded);
    }

    private static void add(List<Discard> out, String stage, String reason, double value) {
        long samples = Math.round(value);
        if (samples > 0 && reason != null) {
            out.add(new Discard(stage, reason, samples));
        }
    }

    private static double first(List<Sample> vector) {
        return vector.isEmpty() || Double.isNaN(vector.get(0).value())
                ? 0
                : vector.get(0).value();
    }
}
