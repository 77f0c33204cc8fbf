package dev.pulseboard.deploy.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoFleetTest {
    @Test
    void oneSecondCoversEveryReferenceMetricInstanceAndRegion() {
        DemoFleet fleet = new DemoFleet(42);
        List<DemoSample> samples = fleet.tick(1_000_000);
        samples.addAll(fleet.sessions(1_000_000));
        assertThat(samples.stream().map(DemoSample::name).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(
                        "http_requests_total",
                        "http_request_duration_seconds",
                        "cpu_usage_percent",
                        "memory_usage_bytes",
                        "disk_usage_percent",
                        "orders_per_minute",
                        "revenue_per_hour",
                        "user_sessions_active");
        Set<String> instances = samples.stream()
                .map(s -> s.labels().get("instance"))
                .filter(i -> i != null)
                .collect(Collectors.toSet());
        assertThat(instances).hasSize(10);
        assertThat(samples)
                .filteredOn(s -> s.name().equals("http_requests_total"))
                .extracting(s -> s.labels().get("method") + " " + s.labels().get("path"))
                .containsOnly("GET /api/products", "POST /api/orders", "GET /api/cart");
        assertThat(samples)
                .filteredOn(s -> s.name().equals("http_request_duration_seconds"))
                .extracting(s -> s.labels().get("path"))
                .containsOnly("/api/products", "/api/orders", "/api/cart");
        assertThat(samples.stream().map(s -> s.labels().get("region")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(DemoFleet.REGIONS);
        assertThat(samples).allSatisfy(s -> assertThat(s.timestampMs()).isEqualTo(1_000_000));
        assertThat(samples)
                .filteredOn(s -> s.name().equals("cpu_usage_percent"))
                .allSatisfy(s -> assertThat(s.value()).isBetween(0.0, 100.0));
    }

    @Test
    void wireFormsCarryTheKeyOnlyWhereTheProtocolExpectsIt() {
        DemoSample s = DemoSample.gauge("user_sessions_active", 17, 5, "region", "eu-west");
        assertThat(s.toJson())
                .isEqualTo("{\"name\":\"user_sessions_active\",\"type\":\"gauge\",\"value\":17.0,\"timestamp\":5,"
                        + "\"labels\":{\"region\":\"eu-west\"}}");
        assertThat(s.toStatsdLine("pbk_k")).isEqualTo("pbk_k.user_sessions_active:17.0|g|#region:eu-west");
    }
}
