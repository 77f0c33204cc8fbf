package dev.pulseboard.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulseboard.gateway.config.GatewayConfig;
import dev.pulseboard.gateway.testing.TenantServiceContractDouble;
import dev.pulseboard.gateway.testing.TestConfig;
import dev.pulseboard.gateway.testing.TestKeys;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** KeyResolver over real HTTP against the tenant-service contract double (no Quarkus needed). */
class KeyResolverTest {
    private final TenantServiceContractDouble tenantService = new TenantServiceContractDouble();

    @AfterEach
    void stop() {
        tenantService.stop();
    }

    @Test
    void knownAndUnknownAnswersAreCachedAndOnlyTheHashIsLookedUp() throws Exception {
        KeyResolver resolver = resolver(tenantService.startServer(), "60s", "60s");
        assertThat(resolver.resolve(TestKeys.ACME).get())
                .isEqualTo(new KeyLookup.Known("acme", "key-acme", "pbk_a1a1a1a1"));
        assertThat(resolver.resolve(TestKeys.ACME).get()).isInstanceOf(KeyLookup.Known.class);
        assertThat(resolver.resolve(TestKeys.UNKNOWN).get()).isEqualTo(KeyLookup.UNKNOWN);
        assertThat(resolver.resolve(TestKeys.UNKNOWN).get()).isEqualTo(KeyLookup.UNKNOWN);
        assertThat(tenantService.lookups()).isEqualTo(2);
    }

    @Test
    void zeroTtlMeansEveryResolutionAsksAgain() throws Exception {
        KeyResolver resolver = resolver(tenantService.startServer(), "0s", "0s");
        resolver.resolve(TestKeys.ACME).get();
        resolver.resolve(TestKeys.ACME).get();
        assertThat(tenantService.lookups()).isEqualTo(2);
    }

    @Test
    void malformedKeysNeverLeaveTheGateway() throws Exception {
        KeyResolver resolver = resolver(tenantService.startServer(), "60s", "60s");
        assertThat(resolver.resolve("pbk_123").get()).isEqualTo(KeyLookup.UNKNOWN);
        assertThat(resolver.resolve(null).get()).isEqualTo(KeyLookup.UNKNOWN);
        assertThat(tenantService.lookups()).isZero();
    }

    @Test
    void unreachableTenantServiceFailsAndIsNotCached() throws Exception {
        KeyResolver resolver = resolver("http://127.0.0.1:" + closedPort(), "60s", "60s");
        assertThatThrownBy(() -> resolver.resolve(TestKeys.ACME).get())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TenantServiceUnavailableException.class);
        assertThatThrownBy(() -> resolver.resolve(TestKeys.ACME).get()).isInstanceOf(ExecutionException.class);
    }

    @Test
    void wrongInternalTokenIsAnOutageNotAnUnknownKey() {
        String base = tenantService.startServer();
        KeyResolver resolver = new KeyResolver(
                new TenantServiceClient(config(base, "60s", "60s", "wrong"), new ObjectMapper()),
                config(base, "60s", "60s", "wrong"));
        assertThatThrownBy(() -> resolver.resolve(TestKeys.ACME).get())
                .hasCauseInstanceOf(TenantServiceUnavailableException.class)
                .hasMessageContaining("401");
    }

    private static KeyResolver resolver(String base, String positive, String negative) {
        GatewayConfig config = config(base, positive, negative, TestKeys.INTERNAL_TOKEN);
        return new KeyResolver(new TenantServiceClient(config, new ObjectMapper()), config);
    }

    static GatewayConfig config(String base, String positive, String negative, String token) {
        return TestConfig.gateway(Map.of(
                "pulseboard.gateway.tenant-service.base-url", base,
                "pulseboard.gateway.tenant-service.internal-token", token,
                "pulseboard.gateway.tenant-service.timeout", "1s",
                "pulseboard.gateway.key-cache.positive-ttl", positive,
                "pulseboard.gateway.key-cache.negative-ttl", negative));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
