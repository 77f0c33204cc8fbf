package dev.pulseboard.query.extents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.query.extents.StepExtents.Extent;
import dev.pulseboard.query.extents.StepExtents.Part;
import dev.pulseboard.query.extents.StepExtents.Plan;
import dev.pulseboard.query.extents.StepExtents.StepRange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The pure split/merge logic of the extent cache and its JSON codec, on hand-made answers (step 15 s). */
class StepExtentsTest {
    private static final long STEP = 15_000;
    private static final long T0 = 1_700_000_100_000L; // a multiple of 15 s
    private static final long MAX_AGE = 600_000;

    private static long at(int step) {
        return T0 + step * STEP;
    }

    /** A series {@code instance=<instance>} with {@code values[i]} at step {@code first + i} (null = no sample). */
    private static RangeMatrix.Series series(String instance, int first, String... values) {
        List<Long> times = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                times.add(at(first + i));
                kept.add(values[i]);
            }
        }
        String metric = "{\"instance\":\"" + instance + "\",\"tenant\":\"acme\"}";
        return new RangeMatrix.Series(
                List.of("instance", instance, "tenant", "acme"),
                metric.getBytes(StandardCharsets.UTF_8),
                times.stream().mapToLong(Long::longValue).toArray(),
                kept.toArray(String[]::new));
    }

    private static RangeMatrix matrix(RangeMatrix.Series... series) {
        return new RangeMatrix(List.of(series), List.of(), List.of());
    }

    private static Extent extent(int from, int to, long created, RangeMatrix m) {
        return new Extent(new StepRange(at(from), at(to)), created, m);
    }

    @Test
    void onlyRangesWhoseEndsAreMultiplesOfTheStepAreCacheable() {
        assertThat(StepExtents.aligned(at(0), at(240), STEP)).isTrue();
        assertThat(StepExtents.aligned(at(0) + 1_000, at(240), STEP)).isFalse();
        assertThat(StepExtents.aligned(at(0), at(240) + 1, STEP)).isFalse();
        assertThat(StepExtents.aligned(at(2), at(1), STEP)).isFalse();
        assertThat(StepExtents.aligned(0, 0, 0)).isFalse();
        assertThat(StepExtents.aligned(-30_000, 0, STEP)).isTrue();
    }

    @Test
    void theSettledTimeIsTheStoresWrittenThroughTimeWhenKnownElseSettledAfterAgo() {
        long now = at(10) + 3_000;
        assertThat(StepExtents.settledThrough(now, 60_000, OptionalLong.empty()))
                .isEqualTo(now - 60_000);
        assertThat(StepExtents.settledThrough(now, 60_000, OptionalLong.of(now - 1_500)))
                .isEqualTo(now - 1_500);
        assertThat(StepExtents.settledThrough(now, 60_000, OptionalLong.of(now - 600_000)))
                .as("a pipeline far behind (writing a backlog) holds back every step it has not written")
                .isEqualTo(now - 600_000);
        assertThat(StepExtents.settledThrough(now, 60_000, OptionalLong.of(Long.MAX_VALUE)))
                .as("never a step after now: its samples may still come")
                .isEqualTo(now);
    }

    @Test
    void theLastSettledStepIsTheLastStepAtOrBeforeTheSettledTime() {
        assertThat(StepExtents.lastSettledStep(at(6), STEP)).isEqualTo(at(6));
        assertThat(StepExtents.lastSettledStep(at(6) + 14_999, STEP)).isEqualTo(at(6));
        assertThat(StepExtents.lastSettledStep(at(10) + 1, STEP)).isEqualTo(at(10));
    }

    @Test
    void withoutAnExtentTheWholeRangeIsAskedFor() {
        Plan plan = StepExtents.plan(Optional.empty(), new StepRange(at(0), at(10)), STEP, at(10), MAX_AGE);
        assertThat(plan.cached()).isEmpty();
        assertThat(plan.fetch()).containsExactly(new StepRange(at(0), at(10)));
    }

    @Test
    void anExtentAnswersItsStepsAndOnlyTheRestIsAskedFor() {
        Optional<Extent> e = Optional.of(extent(0, 6, at(6), matrix()));
        // the next refresh, one step later: the window moved by one step
        Plan later = StepExtents.plan(e, new StepRange(at(1), at(11)), STEP, at(11), MAX_AGE);
        assertThat(later.cached()).contains(new StepRange(at(1), at(6)));
        assertThat(later.fetch()).containsExactly(new StepRange(at(7), at(11)));
        // a longer range than the extent: before and after
        Plan wider = StepExtents.plan(e, new StepRange(at(-3), at(8)), STEP, at(11), MAX_AGE);
        assertThat(wider.fetch()).containsExactly(new StepRange(at(-3), at(-1)), new StepRange(at(7), at(8)));
        // inside the extent: nothing to ask
        assertThat(StepExtents.plan(e, new StepRange(at(2), at(5)), STEP, at(11), MAX_AGE)
                        .fetch())
                .isEmpty();
        // no overlap, or too old: not used
        assertThat(StepExtents.plan(e, new StepRange(at(7), at(9)), STEP, at(11), MAX_AGE)
                        .cached())
                .isEmpty();
        assertThat(StepExtents.plan(e, new StepRange(at(1), at(11)), STEP, at(6) + MAX_AGE, MAX_AGE)
                        .cached())
                .isEmpty();
    }

    @Test
    void mergingTakesEachStepFromItsPartAndKeepsPrometheusSeriesOrder() {
        // cached: a1 and a3 over steps 0..6; a3 stops at step 4 (stale), a1 has a NaN at 2
        Extent cached = extent(
                0,
                6,
                at(6),
                matrix(
                        series("a1", 0, "1", "1", "NaN", "1", "1", "1", "1"),
                        series("a3", 0, "5", "5", "5", "5", "5", null, null)));
        // fresh steps 7..10: a1 goes on, a0 (sorting first) and a2 appear, a3 is gone; Prometheus also answers a
        // sample of a1 at a cached step, which must not be taken twice
        RangeMatrix fresh = matrix(
                series("a0", 9, "+Inf", "0"),
                series("a1", 6, "9", "2", "2", "2", "2"),
                series("a2", 7, "7", null, "7", "7"));
        RangeMatrix merged = StepExtents.merge(
                Optional.of(cached),
                Optional.of(new StepRange(at(1), at(6))),
                List.of(new Part(new StepRange(at(7), at(10)), fresh)));

        assertThat(merged.series())
                .containsExactly(
                        series("a0", 9, "+Inf", "0"),
                        series("a1", 1, "1", "NaN", "1", "1", "1", "1", "2", "2", "2", "2"),
                        series("a2", 7, "7", null, "7", "7"),
                        series("a3", 1, "5", "5", "5", "5"));
    }

    @Test
    void seriesOrderIsPrometheusLabelsCompare() {
        RangeMatrix.Series shorter =
                new RangeMatrix.Series(List.of("__name__", "x"), new byte[0], new long[] {at(0)}, new String[] {"1"});
        RangeMatrix.Series longer = new RangeMatrix.Series(
                List.of("__name__", "x", "a", "b"), new byte[0], new long[] {at(0)}, new String[] {"1"});
        RangeMatrix.Series upper =
                new RangeMatrix.Series(List.of("__name__", "X"), new byte[0], new long[] {at(0)}, new String[] {"1"});
        // by code point: "\uFF61" (a BMP character above the surrogates) sorts before an astral "\uD83D\uDE00"
        RangeMatrix.Series bmp = new RangeMatrix.Series(
                List.of("__name__", "y", "v", "\uFF61"), new byte[0], new long[] {at(0)}, new String[] {"1"});
        RangeMatrix.Series astral = new RangeMatrix.Series(
                List.of("__name__", "y", "v", "\uD83D\uDE00"), new byte[0], new long[] {at(0)}, new String[] {"1"});
        List<RangeMatrix.Series> all = new ArrayList<>(List.of(astral, longer, bmp, shorter, upper));
        all.sort(RangeMatrix.Series.ORDER);
        assertThat(all).containsExactly(upper, shorter, longer, bmp, astral);
    }

    @Test
    void onlySettledStepsOfAnAnswerWithoutWarningsAreKept() {
        RangeMatrix answer = matrix(series("a1", 0, "1", "2", "3", "4"), series("a2", 3, "9"));
        Optional<Extent> kept = StepExtents.settled(answer, new StepRange(at(0), at(3)), at(2), 42);
        assertThat(kept).hasValueSatisfying(e -> {
            assertThat(e.range()).isEqualTo(new StepRange(at(0), at(2)));
            assertThat(e.createdAt()).isEqualTo(42);
            assertThat(e.matrix().series()).containsExactly(series("a1", 0, "1", "2", "3"));
        });
        assertThat(StepExtents.settled(answer, new StepRange(at(3), at(3)), at(2), 42))
                .as("nothing settled yet")
                .isEmpty();
        RangeMatrix warned = new RangeMatrix(answer.series(), List.of("remote read failed"), List.of());
        assertThat(StepExtents.settled(warned, new StepRange(at(0), at(3)), at(2), 42))
                .isEmpty();
    }

    @Test
    void warningsOfFreshPartsAreKeptOnce() {
        RangeMatrix a = new RangeMatrix(List.of(), List.of("w1"), List.of("i1"));
        RangeMatrix b = new RangeMatrix(List.of(), List.of("w1", "w2"), List.of());
        RangeMatrix merged = StepExtents.merge(
                Optional.empty(),
                Optional.empty(),
                List.of(new Part(new StepRange(at(0), at(1)), a), new Part(new StepRange(at(2), at(3)), b)));
        assertThat(merged.warnings()).containsExactly("w1", "w2");
        assertThat(merged.infos()).containsExactly("i1");
    }

    @Test
    void theCodecWritesBackExactlyWhatPrometheusWrote() {
        String body = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                + "{\"metric\":{\"__name__\":\"x\",\"tenant\":\"acme\",\"v\":\"a\\u003cb \\\"q\\\" \u00e9\"},"
                + "\"values\":[[1700000100,\"1\"],[1700000100.500,\"NaN\"],[1700000101.025,\"-Inf\"]]},"
                + "{\"metric\":{},\"values\":[[1700000100,\"1e+06\"]]}]},\"warnings\":[\"w \\\"1\\\"\"]}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Optional<RangeMatrix> m = MatrixJsonCodec.read(bytes);
        assertThat(m).isPresent();
        assertThat(m.get().series().get(0).labels())
                .containsExactly("__name__", "x", "tenant", "acme", "v", "a<b \"q\" é");
        assertThat(m.get().series().get(0).times())
                .containsExactly(1_700_000_100_000L, 1_700_000_100_500L, 1_700_000_101_025L);
        assertThat(m.get().warnings()).containsExactly("w \"1\"");
        assertThat(new String(MatrixJsonCodec.write(m.get()), StandardCharsets.UTF_8))
                .isEqualTo(body);
    }

    @Test
    void theCodecReadsNothingButASuccessfulMatrix() {
        assertThat(MatrixJsonCodec.read(bytes("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"x\"}")))
                .isEmpty();
        assertThat(MatrixJsonCodec.read(
                        bytes("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}")))
                .isEmpty();
        assertThat(MatrixJsonCodec.read(bytes("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":"
                        + "[{\"metric\":{},\"histograms\":[[1,{\"count\":\"1\"}]]}]}}")))
                .as("native histograms")
                .isEmpty();
        assertThat(MatrixJsonCodec.read(
                        bytes("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]},"
                                + "\"stats\":{}}")))
                .isEmpty();
        assertThat(MatrixJsonCodec.read(
                        bytes("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}")))
                .contains(RangeMatrix.EMPTY);
        assertThat(MatrixJsonCodec.read(bytes("not json"))).isEmpty();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
