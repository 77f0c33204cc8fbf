package dev.pulseboard.query.extents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.query.PrometheusReply;
import dev.pulseboard.query.QueryConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The extent cache's handling of the newest, unsettled steps, on a hand-set clock and written-through time: one
 * evaluation per written-through time shared by every request, nothing shared while that time is unknown, watched
 * queries evaluated in the background when a new step begins or the time moves, refusals never shared, and watches
 * that end and are bounded per tenant. Step 15 s, requests of 5 steps ending at the newest step.
 */
class StepExtentCacheTest {
    private static final long STEP = 15_000;
    private static final long T0 = 1_700_000_100_000L; // a multiple of 15 s
    private static final long LENGTH = 4 * STEP;

    private final AtomicLong now = new AtomicLong(T0 + 1_000);
    /** The step at T0 is not settled yet; samples are stamped at the last ms of each second (T0 - 1, T0 - 1001...). */
    private final AtomicLong written = new AtomicLong(T0 - 1_500);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** Prometheus for the tests: every evaluation answers the steps asked, each with the number of that evaluation. */
    private static final class FakePrometheus implements StepExtentCache.RangeEvaluation {
        final AtomicInteger evaluations = new AtomicInteger();
        final List<long[]> asked = new ArrayList<>();

        @Override
        public synchronized PrometheusReply evaluate(long fromMs, long toMs) {
            asked.add(new long[] {fromMs, toMs});
            return matrix(fromMs, toMs, evaluations.incrementAndGet());
        }
    }

    private static PrometheusReply matrix(long fromMs, long toMs, int value) {
        StringBuilder values = new StringBuilder();
        for (long t = fromMs; t <= toMs; t += STEP) {
            values.append(values.length() == 0 ? "" : ",")
                    .append('[')
                    .append(t / 1000)
                    .append(",\"")
                    .append(value)
                    .append("\"]");
        }
        String body = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":"
                + "{\"tenant\":\"acme\"},\"values\":[" + values + "]}]}}";
        return new PrometheusReply(200, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    /** The extent cache's settings, as the config mapping gives them. */
    private record Extents(
            Duration settledAfter,
            Duration maxAge,
            MemorySize maxSize,
            Duration reuseFor,
            Duration stampEvery,
            Duration watchFor,
            int maxWatchedPerTenant)
            implements QueryConfig.Extents {}

    private StepExtentCache cache(boolean writtenThroughKnown, java.util.concurrent.Executor refreshWork) {
        QueryConfig.Extents config = new Extents(
                Duration.ofMinutes(5),
                Duration.ofMinutes(10),
                new MemorySize(BigInteger.valueOf(64L << 20)),
                Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                3);
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneId.of("UTC");
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }
        };
        return new StepExtentCache(
                config,
                registry,
                clock,
                () -> TimeUnit.MILLISECONDS.toNanos(now.get()),
                () -> writtenThroughKnown ? OptionalLong.of(written.get()) : OptionalLong.empty(),
                refreshWork);
    }

    private static long end(long at) {
        return at - Math.floorMod(at, STEP);
    }

    /** The request of a viewer at the present: 5 steps ending at the newest step. */
    private PrometheusReply ask(StepExtentCache cache, String query, StepExtentCache.RangeEvaluation prometheus) {
        long end = end(now.get());
        return cache.answer("acme", query, end - LENGTH, end, STEP, prometheus);
    }

    /** The request of a viewer at the present, which keeps its query watched with {@code background}. */
    private PrometheusReply view(
            StepExtentCache cache, StepExtentCache.RangeEvaluation viewer, StepExtentCache.RangeEvaluation background) {
        long end = end(now.get());
        cache.watch("acme", "q", end - LENGTH, end, STEP, background);
        return cache.answer("acme", "q", end - LENGTH, end, STEP, viewer);
    }

    /** The value the answer holds at its newest step. */
    private static String newest(PrometheusReply reply) {
        RangeMatrix m = MatrixJsonCodec.read(reply.body()).orElseThrow();
        String[] values = m.series().get(0).values();
        return values[values.length - 1];
    }

    private double steps(String result) {
        var c = registry.find("pulseboard.query.extents.steps")
                .tag("tenant", "acme")
                .tag("result", result)
                .counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void theNewestStepsAreEvaluatedOncePerWrittenThroughTimeAndAgainWhenItMoves() {
        StepExtentCache cache = cache(true, Runnable::run);
        FakePrometheus prometheus = new FakePrometheus();
        PrometheusReply first = ask(cache, "q", prometheus); // all 5 steps: the extent then holds the 4 settled ones
        assertThat(prometheus.evaluations).hasValue(1);

        now.addAndGet(300);
        PrometheusReply second = ask(cache, "q", prometheus);
        assertThat(prometheus.evaluations)
                .as("nothing was written through since: the newest step as the first answer had it")
                .hasValue(1);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(steps("reused")).isEqualTo(1);
        assertThat(steps("hit")).isEqualTo(4);

        written.addAndGet(400); // moved, but not past a stamp: the store holds the same samples up to it
        assertThat(ask(cache, "q", prometheus).body()).isEqualTo(first.body());
        assertThat(prometheus.evaluations).hasValue(1);

        written.addAndGet(1_000); // past the stamp T0 - 1001, still before T0: unsettled, but more of it is written
        PrometheusReply third = ask(cache, "q", prometheus);
        assertThat(prometheus.evaluations).hasValue(2);
        assertThat(prometheus.asked.get(1)).as("the unsettled newest step").containsExactly(T0, T0);
        assertThat(newest(third)).isEqualTo("2");
        assertThat(ask(cache, "q", prometheus).body()).isEqualTo(third.body());
        assertThat(prometheus.evaluations).hasValue(2);

        now.addAndGet(2_000); // reuse-for passed, the time has not moved: asked again all the same
        assertThat(newest(ask(cache, "q", prometheus))).isEqualTo("3");
        assertThat(steps("miss")).isEqualTo(5 + 1 + 1);
    }

    @Test
    void whileTheWrittenThroughTimeIsUnknownEveryRequestAsksForTheNewestSteps() {
        StepExtentCache cache = cache(false, Runnable::run);
        FakePrometheus prometheus = new FakePrometheus();
        ask(cache, "q", prometheus);
        ask(cache, "q", prometheus);
        ask(cache, "q", prometheus);
        assertThat(prometheus.evaluations).hasValue(3);
        assertThat(steps("reused")).isZero();
        cache.watch("acme", "q", end(now.get()) - LENGTH, end(now.get()), STEP, prometheus);
        cache.refreshDue();
        assertThat(prometheus.evaluations)
                .as("no background evaluation without the time")
                .hasValue(3);
    }

    @Test
    void aWatchedQueryIsEvaluatedInTheBackgroundWhenANewStepBeginsAndWhenTheTimeMoves() {
        StepExtentCache cache = cache(true, Runnable::run);
        FakePrometheus viewer = new FakePrometheus();
        FakePrometheus background = new FakePrometheus();
        view(cache, viewer, background);
        view(cache, viewer, background); // refreshed: watched from now on
        assertThat(viewer.evaluations).hasValue(1);

        cache.refreshDue();
        assertThat(background.evaluations)
                .as("the viewer's answer already holds the newest step at this written-through time")
                .hasValue(0);
        written.addAndGet(1_000);
        cache.refreshDue(); // the newest step, unsettled, for the time as it now is
        assertThat(background.asked).hasSize(1);
        assertThat(background.asked.get(0)).containsExactly(T0, T0);
        cache.refreshDue();
        assertThat(background.evaluations).as("nothing new: not asked again").hasValue(1);
        PrometheusReply refreshed = view(cache, viewer, background);
        assertThat(viewer.evaluations)
                .as("the viewer's refresh found the step ready")
                .hasValue(1);
        assertThat(newest(refreshed)).isEqualTo("1");

        now.set(T0 + 9_000); // the time moves about once a second; refreshing every second keeps the query watched
        written.set(T0 - 1);
        cache.refreshDue();
        assertThat(newest(view(cache, viewer, background))).isEqualTo("2");
        assertThat(viewer.evaluations).hasValue(1);

        // a new step begins, and the pipeline writes through the old one
        now.set(T0 + STEP + 200);
        written.set(T0 + 100);
        cache.refreshDue();
        assertThat(background.asked).hasSize(3);
        assertThat(background.asked.get(2))
                .as("the settled step and the new one, in one part")
                .containsExactly(T0, T0 + STEP);
        PrometheusReply next = view(cache, viewer, background);
        assertThat(viewer.evaluations).hasValue(1);
        assertThat(newest(next)).isEqualTo("3");
        assertThat(MatrixJsonCodec.read(next.body())
                        .orElseThrow()
                        .series()
                        .get(0)
                        .times())
                .containsExactly(T0 - 3 * STEP, T0 - 2 * STEP, T0 - STEP, T0, T0 + STEP);

        written.set(T0 + 1_500); // more written, the newest step still unsettled
        cache.refreshDue();
        assertThat(background.asked).hasSize(4);
        assertThat(background.asked.get(3)).containsExactly(T0 + STEP, T0 + STEP);
        assertThat(newest(view(cache, viewer, background))).isEqualTo("4");
        assertThat(viewer.evaluations).hasValue(1);
        assertThat(registry.find("pulseboard.query.extents.refreshes")
                        .tag("result", "done")
                        .counter()
                        .count())
                .isEqualTo(4);
    }

    @Test
    void aRefusedBackgroundEvaluationIsNeverSharedWithAViewerWaitingForIt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            StepExtentCache cache = cache(true, pool);
            FakePrometheus viewer = new FakePrometheus();
            ask(cache, "q", viewer);
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            StepExtentCache.RangeEvaluation refused = (from, to) -> {
                started.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new PrometheusReply(429, "text/plain", new byte[0]);
            };
            long end = end(now.get());
            cache.watch("acme", "q", end - LENGTH, end, STEP, refused);
            cache.watch("acme", "q", end - LENGTH, end, STEP, refused); // asked again: watched
            written.addAndGet(1_000);
            cache.refreshDue();
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            Future<PrometheusReply> waiting = pool.submit(() -> ask(cache, "q", viewer));
            release.countDown();
            PrometheusReply answer = waiting.get(10, TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(viewer.evaluations).as("the viewer asked for itself").hasValue(2);
            assertThat(newest(answer)).isEqualTo("2");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aQueryAskedOnlyOnceIsNeverEvaluatedInTheBackground() {
        StepExtentCache cache = cache(true, Runnable::run);
        FakePrometheus viewer = new FakePrometheus();
        FakePrometheus background = new FakePrometheus();
        view(cache, viewer, background);
        for (int moves = 1; moves <= 5; moves++) {
            written.addAndGet(250); // past a stamp, the newest step still unsettled
            cache.refreshDue();
        }
        assertThat(background.evaluations)
                .as("the written-through time moved past a stamp")
                .hasValue(0);

        now.addAndGet(1_000);
        view(cache, viewer, background); // asked again within watch-for: a refreshing dashboard
        written.set(T0 + 800); // past the next stamp
        cache.refreshDue();
        assertThat(background.asked).hasSize(1);
        assertThat(background.asked.get(0)).containsExactly(T0, T0);
    }

    @Test
    void watchesEndAfterWatchForAndAreBoundedPerTenant() {
        StepExtentCache cache = cache(true, Runnable::run);
        FakePrometheus viewer = new FakePrometheus();
        FakePrometheus background = new FakePrometheus();
        long end = end(now.get());
        for (String q : List.of("a", "b", "c", "d")) {
            cache.watch("acme", q, end - LENGTH, end, STEP, background);
            ask(cache, q, viewer);
            cache.watch("acme", q, end - LENGTH, end, STEP, background); // asked again
        }
        written.addAndGet(1_000);
        cache.refreshDue();
        assertThat(background.evaluations)
                .as("three watched per tenant here: d is not")
                .hasValue(3);

        now.addAndGet(10_001); // no request for longer than watch-for
        written.set(now.get() - 500);
        cache.refreshDue();
        assertThat(background.evaluations).hasValue(3);
    }
}
