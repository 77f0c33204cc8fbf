package dev.pulseboard.contract.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.fold.WindowFold;
import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SeriesWindow;
import dev.pulseboard.contract.wire.v1.Temporality;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleValidatorTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final Limits LIMITS = Limits.DEFAULTS;

    private static Sample.Builder ok() {
        return Sample.newBuilder()
                .setName("http_requests_total")
                .setType(MetricType.COUNTER)
                .setValue(1)
                .setTimestampMs(NOW)
                .addLabels(Label.newBuilder().setName("instance").setValue("i-1"));
    }

    private static RejectReason reasonOf(Sample.Builder b) {
        Rejection r = SampleValidator.validate(b.build(), LIMITS, NOW);
        return r == null ? null : r.reason();
    }

    @Test
    void acceptsAGoodSample() {
        assertThat(reasonOf(ok())).isNull();
    }

    @Test
    void refusesBadNamesAndLabels() {
        assertThat(reasonOf(ok().setName(""))).isEqualTo(RejectReason.MISSING_METRIC_NAME);
        assertThat(reasonOf(ok().setName("9lives"))).isEqualTo(RejectReason.INVALID_METRIC_NAME);
        assertThat(reasonOf(ok().setName("a".repeat(201)))).isEqualTo(RejectReason.METRIC_NAME_TOO_LONG);
        assertThat(reasonOf(ok().addLabels(Label.newBuilder().setName("__x").setValue("v"))))
                .isEqualTo(RejectReason.INVALID_LABEL_NAME);
        assertThat(reasonOf(ok().addLabels(Label.newBuilder().setName("tenant").setValue("other"))))
                .isEqualTo(RejectReason.RESERVED_LABEL_NAME);
        assertThat(reasonOf(
                        ok().addLabels(Label.newBuilder().setName("instance").setValue("again"))))
                .isEqualTo(RejectReason.DUPLICATE_LABEL_NAME);
        assertThat(reasonOf(ok().addLabels(Label.newBuilder().setName("x").setValue("v".repeat(1025)))))
                .isEqualTo(RejectReason.LABEL_VALUE_TOO_LONG);
    }

    @Test
    void refusesAnythingShapedLikeAKeyInNamesAndLabelValuesButNotADisplayPrefix() {
        String key = "pbk_" + "0123456789abcdef".repeat(2) + "01234567";
        // What `<keyA>.<keyB>.x:1|c` becomes after the StatsD prefix is split off and '.' sanitised to '_'.
        assertThat(reasonOf(ok().setName(key + "_x"))).isEqualTo(RejectReason.KEY_IN_SAMPLE);
        assertThat(reasonOf(ok().setName("app_" + key.toUpperCase(java.util.Locale.ROOT))))
                .isEqualTo(RejectReason.KEY_IN_SAMPLE);
        assertThat(reasonOf(ok().setName("x_pbk_0123456789abcdef"))).isEqualTo(RejectReason.KEY_IN_SAMPLE);
        assertThat(reasonOf(ok().addLabels(Label.newBuilder().setName("note").setValue("my key is " + key))))
                .isEqualTo(RejectReason.KEY_IN_SAMPLE);
        assertThat(reasonOf(ok().setName("pbk_01234567_requests"))).isNull();
        assertThat(reasonOf(ok().setName("pbk_pbk_0123456789abcde"))).isNull();
        assertThat(reasonOf(ok().addLabels(Label.newBuilder().setName("key").setValue("pbk_1a2b3c4d"))))
                .isNull();
    }

    @Test
    void refusesBadValuesAndTypes() {
        assertThat(reasonOf(ok().setValue(Double.NaN))).isEqualTo(RejectReason.NON_FINITE_VALUE);
        assertThat(reasonOf(ok().setType(MetricType.METRIC_TYPE_UNSPECIFIED)))
                .isEqualTo(RejectReason.MISSING_METRIC_TYPE);
        assertThat(reasonOf(ok().setSampleRate(1.5))).isEqualTo(RejectReason.INVALID_SAMPLE_RATE);
    }

    @Test
    void theTenantLabelIsReservedInAnySpellingAndSoIsThePlatformsMetricPrefix() {
        for (String spelling : new String[] {"Tenant", "TENANT", "tEnAnT"}) {
            assertThat(reasonOf(
                            ok().addLabels(Label.newBuilder().setName(spelling).setValue("other"))))
                    .as(spelling)
                    .isEqualTo(RejectReason.RESERVED_LABEL_NAME);
        }
        assertThat(reasonOf(ok().setName("pulseboard_samples_total"))).isEqualTo(RejectReason.RESERVED_METRIC_NAME);
        assertThat(reasonOf(ok().setName("PulseBoard_x"))).isEqualTo(RejectReason.RESERVED_METRIC_NAME);
        assertThat(reasonOf(ok().setName("pulseboardish_total"))).isNull();
    }

    @Test
    void namesOfDerivedSeriesAreReservedButRecordingRuleNamesAreNot() {
        for (String derived : new String[] {"cpu:1s_max", "cpu:1m", "cpu:5m_avg", "lat_bucket:1h", "lat:1s_quantile"}) {
            assertThat(reasonOf(ok().setName(derived))).as(derived).isEqualTo(RejectReason.RESERVED_METRIC_NAME);
        }
        for (String rule : new String[] {"job:http_requests:rate5m", "instance:cpu:avg", "x:1s_maximum", "a:2m"}) {
            assertThat(reasonOf(ok().setName(rule))).as(rule).isNull();
        }
    }

    @Test
    void aTinySampleRateCannotTurnAFiniteValueIntoInfinity() {
        assertThat(reasonOf(ok().setSampleRate(1e-320))).isEqualTo(RejectReason.INVALID_SAMPLE_RATE);
        assertThat(reasonOf(ok().setValue(1e303).setSampleRate(1e-6))).isEqualTo(RejectReason.NON_FINITE_VALUE);
        assertThat(reasonOf(ok().setValue(3).setSampleRate(SampleValidator.MIN_SAMPLE_RATE)))
                .isNull();
    }

    @Test
    void countersOnlyGoUpAndOnlyCountersAreCumulative() {
        assertThat(reasonOf(ok().setValue(-1))).isEqualTo(RejectReason.COUNTER_NEGATIVE);
        assertThat(reasonOf(ok().setType(MetricType.GAUGE).setValue(-1))).isNull();
        assertThat(reasonOf(ok().setType(MetricType.GAUGE).setTemporality(Temporality.CUMULATIVE)))
                .isEqualTo(RejectReason.MISSING_METRIC_TYPE);
        assertThat(reasonOf(ok().setTemporality(Temporality.CUMULATIVE).setValue(12345)))
                .isNull();
    }

    @Test
    void timestampWindowIsBoundedOnBothSides() {
        assertThat(reasonOf(ok().setTimestampMs(NOW - Duration.ofMinutes(11).toMillis())))
                .isEqualTo(RejectReason.SAMPLE_TOO_OLD);
        assertThat(reasonOf(ok().setTimestampMs(NOW + Duration.ofDays(365).toMillis())))
                .isEqualTo(RejectReason.SAMPLE_TOO_FAR_IN_FUTURE);
        assertThat(reasonOf(ok().setTimestampMs(NOW + Duration.ofSeconds(30).toMillis())))
                .isNull();
    }

    /** The window the samples {@code ms} (of one second) fold into, judged at {@code now}. */
    private static RejectReason windowReasonOf(long now, MetricType type, boolean gaugeDeltas, long... ms) {
        List<Sample> samples = new ArrayList<>();
        for (long t : ms) {
            samples.add(ok().setType(type)
                    .setGaugeDelta(gaugeDeltas)
                    .setTimestampMs(t)
                    .build());
        }
        for (Sample each : samples) {
            assertThat(SampleValidator.validate(each, LIMITS, now))
                    .as("every sample valid")
                    .isNull();
        }
        SeriesWindow w = WindowFold.fold(WindowFold.windowOf(ms[0]), samples, LIMITS.histogramBuckets());
        Rejection r = SampleValidator.validateWindow(w, LIMITS, now);
        return r == null ? null : r.reason();
    }

    @Test
    void aWindowOfValidSamplesIsValidEvenWhereItStartsBeforeThePastGrace() {
        long now = NOW + 500;
        long oldest = now - LIMITS.pastGrace().toMillis();
        assertThat(WindowFold.windowOf(oldest + 1))
                .as("the window starts before the grace")
                .isLessThan(oldest);
        assertThat(windowReasonOf(now, MetricType.COUNTER, false, oldest + 1, oldest + 2))
                .isNull();
        long newest = now + LIMITS.futureGrace().toMillis();
        assertThat(windowReasonOf(now, MetricType.GAUGE, false, newest - 1, newest))
                .isNull();
        assertThat(windowReasonOf(now, MetricType.GAUGE, true, now, now + 1))
                .as("a gauge window of changes only has no min or max")
                .isNull();
        assertThat(windowReasonOf(now, MetricType.TIMER, false, now, now)).isNull();
    }

    @Test
    void aWindowIsTooOldWhenItsLastMillisecondIsAndTooNewWhenItsFirstIs() {
        long oldest = NOW - LIMITS.pastGrace().toMillis();
        SeriesWindow.Builder w = SeriesWindow.newBuilder()
                .setName("x")
                .setType(MetricType.GAUGE)
                .setSamples(1)
                .setWeight(1)
                .setMin(1)
                .setMax(1);
        assertThat(SampleValidator.validateWindow(
                                w.setWindowStartMs(oldest - WindowFold.WINDOW_MS)
                                        .build(),
                                LIMITS,
                                NOW)
                        .reason())
                .isEqualTo(RejectReason.SAMPLE_TOO_OLD);
        assertThat(SampleValidator.validateWindow(
                        w.setWindowStartMs(oldest - WindowFold.WINDOW_MS + 1).build(), LIMITS, NOW))
                .isNull();
        long newest = NOW + LIMITS.futureGrace().toMillis();
        assertThat(SampleValidator.validateWindow(w.setWindowStartMs(newest).build(), LIMITS, NOW))
                .isNull();
        assertThat(SampleValidator.validateWindow(w.setWindowStartMs(newest + 1).build(), LIMITS, NOW)
                        .reason())
                .isEqualTo(RejectReason.SAMPLE_TOO_FAR_IN_FUTURE);
        assertThat(SampleValidator.validateWindow(
                                w.setWindowStartMs(NOW)
                                        .setGaugeDelta(Double.NaN)
                                        .build(),
                                LIMITS,
                                NOW)
                        .reason())
                .isEqualTo(RejectReason.NON_FINITE_VALUE);
    }

    @Test
    void everyReasonHasADistinctStableId() {
        assertThat(RejectReason.values())
                .extracting(RejectReason::id)
                .doesNotHaveDuplicates()
                .allMatch(id -> id.startsWith("err-pb-"));
    }
}
