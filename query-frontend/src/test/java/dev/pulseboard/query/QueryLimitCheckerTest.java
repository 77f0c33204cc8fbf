package dev.pulseboard.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.query.promql.QueryRejectReason;
import dev.pulseboard.query.promql.QueryRejection;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryLimitCheckerTest {
    private static final QueryLimits LIMITS =
            new QueryLimits(20, Duration.ofDays(1), 100, Duration.ofSeconds(5), 1, Duration.ZERO, true);
    private static final QueryLimits UNLIMITED =
            new QueryLimits(0, Duration.ZERO, 0, Duration.ofSeconds(5), 0, Duration.ZERO, true);
    private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");

    @Test
    void refusesQueriesLongerThanTheTenantsLimitAndNamesTheProperty() {
        assertThat(QueryLimitChecker.length("acme", "x".repeat(20), LIMITS)).isEmpty();
        Optional<QueryRejection> r = QueryLimitChecker.length("acme", "x".repeat(21), LIMITS);
        assertThat(r).get().extracting(QueryRejection::reason).isEqualTo(QueryRejectReason.TOO_LONG);
        assertThat(r.get().message())
                .contains("21 characters", "query_max_length 20", "limit query_max_length of tenant acme");
        assertThat(QueryLimitChecker.length("acme", "x".repeat(100_000), UNLIMITED))
                .isEmpty();
    }

    @Test
    void refusesRangesLongerThanMaxRange() {
        assertThat(range(T0, T0.plus(Duration.ofDays(1)), null, LIMITS)).isEmpty();
        assertThat(range(T0, T0.plus(Duration.ofDays(1)).plusMillis(1), null, LIMITS))
                .get()
                .extracting(QueryRejection::reason)
                .isEqualTo(QueryRejectReason.RANGE_TOO_LONG);
        assertThat(range(T0, T0.plus(Duration.ofDays(400)), Duration.ofDays(1), UNLIMITED))
                .isEmpty();
    }

    @Test
    void refusesMorePointsPerSeriesThanMaxPoints() {
        // 99 steps of 1 minute: 100 points including both ends.
        assertThat(range(T0, T0.plus(Duration.ofMinutes(99)), Duration.ofMinutes(1), LIMITS))
                .isEmpty();
        Optional<QueryRejection> r = range(T0, T0.plus(Duration.ofMinutes(100)), Duration.ofMinutes(1), LIMITS);
        assertThat(r).get().extracting(QueryRejection::reason).isEqualTo(QueryRejectReason.TOO_MANY_POINTS);
        assertThat(r.get().message()).contains("101 points", "query_max_points 100");
    }

    @Test
    void leavesMissingOrInvertedTimesToPrometheus() {
        assertThat(QueryLimitChecker.range("acme", Optional.empty(), Optional.of(T0), Optional.empty(), LIMITS))
                .isEmpty();
        assertThat(range(T0.plus(Duration.ofDays(9)), T0, Duration.ofMillis(1), LIMITS))
                .isEmpty();
    }

    private static Optional<QueryRejection> range(Instant start, Instant end, Duration step, QueryLimits limits) {
        return QueryLimitChecker.range("acme", Optional.of(start), Optional.of(end), Optional.ofNullable(step), limits);
    }
}
