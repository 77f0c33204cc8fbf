package dev.pulseboard.gateway.testing;

import dev.pulseboard.gateway.config.GatewayConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Builds the real {@link GatewayConfig} mapping (defaults + given properties) for unit tests without Quarkus. */
public final class TestConfig {
    private TestConfig() {}

    public static GatewayConfig gateway(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        return new SmallRyeConfigBuilder()
                .withMapping(GatewayConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withDefaultValues(all)
                .build()
                .getConfigMapping(GatewayConfig.class);
    }
}
