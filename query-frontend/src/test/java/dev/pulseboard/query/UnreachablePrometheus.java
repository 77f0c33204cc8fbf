package dev.pulseboard.query;

import dev.pulseboard.testing.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the gateway at a loopback port nothing listens on (taken free, then released): Prometheus is "down". */
public class UnreachablePrometheus implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return Map.of(
                "pulseboard.query.prometheus-url",
                "http://127.0.0.1:" + FreePorts.find(),
                "pulseboard.query.retry-after",
                "3s");
    }

    @Override
    public void stop() {}
}
