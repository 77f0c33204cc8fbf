package dev.pulseboard.query;

import dev.pulseboard.testing.prometheus.PrometheusServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.Set;

/**
 * The real Prometheus 2.42 (test-support's PrometheusServer) loaded through remote-write with series of two
 * tenants, as the pipeline would write them, and the gateway pointed at it via pulseboard.query.prometheus-url.
 * <pre>
 *   pb_test_requests{tenant="acme",  instance="a1"} 1
 *   pb_test_requests{tenant="acme",  instance="a2"} 2
 *   pb_test_requests{tenant="globex",instance="g1"} 10
 *   pb_test_globex_only{tenant="globex"}            7
 *   pb_secret_revenue{tenant="globex",region="north"} 918273.5
 * </pre>
 * Every name, label and value that only globex has is listed in {@link #GLOBEX_ONLY}: an answer to acme that holds
 * one of them (and did not get it from acme's own query text) leaked globex's data.
 * Samples are stamped a few seconds before start, so instant queries "now" see them within the 5 m lookback.
 */
public class PrometheusWithTwoTenants implements QuarkusTestResourceLifecycleManager {
    /** Metric names, label names, label values and sample values that exist only in globex's series. */
    public static final Set<String> GLOBEX_ONLY =
            Set.of("pb_test_globex_only", "pb_secret_revenue", "region", "north", "g1", "10", "7", "918273.5");

    private PrometheusServer prometheus;

    @Override
    public Map<String, String> start() {
        prometheus = PrometheusServer.start();
        RemoteWriteTestClient client = new RemoteWriteTestClient(prometheus.remoteWriteUrl());
        long at = System.currentTimeMillis() - 5_000;
        client.write(Map.of("__name__", "pb_test_requests", "tenant", "acme", "instance", "a1"), 1, at);
        client.write(Map.of("__name__", "pb_test_requests", "tenant", "acme", "instance", "a2"), 2, at);
        client.write(Map.of("__name__", "pb_test_requests", "tenant", "globex", "instance", "g1"), 10, at);
        client.write(Map.of("__name__", "pb_test_globex_only", "tenant", "globex"), 7, at);
        client.write(Map.of("__name__", "pb_secret_revenue", "tenant", "globex", "region", "north"), 918273.5, at);
        return Map.of("pulseboard.query.prometheus-url", prometheus.url());
    }

    @Override
    public void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }
}
