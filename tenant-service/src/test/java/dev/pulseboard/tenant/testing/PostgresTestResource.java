package dev.pulseboard.tenant.testing;

import dev.pulseboard.testing.postgres.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A throwaway PostgreSQL 15 with password authentication for one test run (test-support's {@link PostgresServer}),
 * database {@code pulseboard}, handed to Quarkus as the datasource.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {
    private PostgresServer postgres;

    @Override
    public Map<String, String> start() {
        postgres = PostgresServer.start("pulseboard");
        return Map.of(
                "quarkus.datasource.jdbc.url",
                postgres.jdbcUrl("pulseboard"),
                "quarkus.datasource.username",
                PostgresServer.USER,
                "quarkus.datasource.password",
                postgres.password());
    }

    @Override
    public void stop() {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}
