package dev.pulseboard.query;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@link PrometheusWithTwoTenants} plus series of every type, named as the pipeline writes them (docs/metrics.md),
 * for the metadata endpoint, which types a tenant's metric families by those names:
 * <pre>
 *   acme and globex: pb_test_logins_total (counter)
 *   acme:   pb_test_logins_total:1m                                           counter rollup
 *           pb_test_cpu_percent, :1s_min, :1s_max; :1m, :1m_min, :1m_max, :1m_avg   gauge and its rollup
 *           pb_test_latency_seconds_bucket{le}, _sum, _count, :1s_quantile{quantile}  histogram
 *           pb_test_latency_seconds_bucket:5m{le}, _sum:5m, _count:5m, :5m_quantile   histogram rollup
 *           pb_test_visitors                                                  set
 *           pb_test_rpc_seconds{quantile}, :1s_min, :1s_max, _sum, _count     client summary
 *   globex: pb_secret_payout_seconds_bucket{le}, _sum, _count                 histogram
 *           pb_secret_balance, :1s_min, :1s_max                               gauge
 *           pb_secret_orders_total                                            counter
 * </pre>
 * A separate resource (and so a Prometheus of its own) because the other ITs count the series and names of
 * {@link PrometheusWithTwoTenants} exactly.
 */
public class PrometheusWithTypedSeries extends PrometheusWithTwoTenants {
    /** The metric family names only globex's series make: none may reach acme, not even as part of a help text. */
    public static final Set<String> GLOBEX_ONLY_FAMILIES = Set.of(
            "pb_test_globex_only",
            "pb_secret_revenue",
            "pb_secret_payout_seconds",
            "pb_secret_balance",
            "pb_secret_balance:1s_min",
            "pb_secret_balance:1s_max",
            "pb_secret_orders_total");

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        RemoteWriteTestClient client =
                new RemoteWriteTestClient(config.get("pulseboard.query.prometheus-url") + "/api/v1/write");
        long at = System.currentTimeMillis() - 5_000;
        Series acme = (name, value, labels) -> write(client, "acme", name, value, at, labels);
        acme.write("pb_test_logins_total", 5);
        acme.write("pb_test_logins_total:1m", 5);
        acme.write("pb_test_cpu_percent", 42);
        acme.write("pb_test_cpu_percent:1s_min", 40);
        acme.write("pb_test_cpu_percent:1s_max", 44);
        acme.write("pb_test_cpu_percent:1m", 42);
        acme.write("pb_test_cpu_percent:1m_min", 40);
        acme.write("pb_test_cpu_percent:1m_max", 44);
        acme.write("pb_test_cpu_percent:1m_avg", 41.5);
        for (String r : new String[] {"", ":5m"}) {
            acme.write("pb_test_latency_seconds_bucket" + r, 3, "le", "0.5");
            acme.write("pb_test_latency_seconds_bucket" + r, 4, "le", "+Inf");
            acme.write("pb_test_latency_seconds_sum" + r, 1.25);
            acme.write("pb_test_latency_seconds_count" + r, 4);
            acme.write("pb_test_latency_seconds:" + (r.isEmpty() ? "1s" : "5m") + "_quantile", 0.6, "quantile", "0.99");
        }
        acme.write("pb_test_visitors", 3);
        acme.write("pb_test_rpc_seconds", 0.2, "quantile", "0.5");
        acme.write("pb_test_rpc_seconds:1s_min", 0.2, "quantile", "0.5");
        acme.write("pb_test_rpc_seconds:1s_max", 0.2, "quantile", "0.5");
        acme.write("pb_test_rpc_seconds_sum", 2);
        acme.write("pb_test_rpc_seconds_count", 10);

        Series globex = (name, value, labels) -> write(client, "globex", name, value, at, labels);
        globex.write("pb_test_logins_total", 8);
        globex.write("pb_secret_payout_seconds_bucket", 1, "le", "+Inf");
        globex.write("pb_secret_payout_seconds_sum", 9);
        globex.write("pb_secret_payout_seconds_count", 1);
        globex.write("pb_secret_balance", 5);
        globex.write("pb_secret_balance:1s_min", 5);
        globex.write("pb_secret_balance:1s_max", 5);
        globex.write("pb_secret_orders_total", 3);
        return config;
    }

    /** One series of one tenant; {@code labels} are name, value pairs. */
    private interface Series {
        void write(String name, double value, String... labels);
    }

    private static void write(
            RemoteWriteTestClient client, String tenant, String name, double value, long at, String... labels) {
        Map<String, String> all = new HashMap<>(Map.of("__name__", name, "tenant", tenant));
        for (int i = 0; i < labels.length; i += 2) {
            all.put(labels[i], labels[i + 1]);
        }
        client.write(all, value, at);
    }
}
