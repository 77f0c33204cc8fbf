package dev.pulseboard.pipeline;

import dev.pulseboard.pipeline.aggregation.LateSampleCounter;
import dev.pulseboard.pipeline.aggregation.TenantAggregate;
import dev.pulseboard.pipeline.aggregation.WindowAggregateFunction;
import dev.pulseboard.pipeline.aggregation.WindowStatsAggregator;
import dev.pulseboard.pipeline.eventtime.SampleWatermarks;
import dev.pulseboard.pipeline.eventtime.WallClock;
import dev.pulseboard.pipeline.ingest.SampleEvent;
import dev.pulseboard.pipeline.kafka.KafkaConnectors;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * metrics-raw (decoded, validated and watermarked per partition in the source) -> 1 s tumbling windows per series
 * -> metrics-agg + Prometheus.
 *
 * <p>Run in a plain JVM ({@code java -cp ... dev.pulseboard.pipeline.PulseboardJob --bootstrap ...}) it starts an
 * embedded MiniCluster; submitted to a Flink cluster it runs there. Flags: see {@link PipelineOptions}.
 */
public final class PulseboardJob {
    public static final String JOB_NAME = "pulseboard-pipeline";
    /** How often watermarks advance with the wall clock; a window closes at most this much after it could. */
    static final long WATERMARK_INTERVAL_MS = 100;

    static final OutputTag<SampleEvent> LATE = new OutputTag<>("late-samples", TypeInformation.of(SampleEvent.class));
    private static final Logger LOG = LoggerFactory.getLogger(PulseboardJob.class);

    private PulseboardJob() {}

    public static void main(String[] args) throws Exception {
        PipelineOptions options = PipelineOptions.parse(args, System.getenv());
        LOG.info("starting {} with {}", JOB_NAME, options);
        StreamExecutionEnvironment env = environment(options);
        build(env, options, KafkaConnectors.sampleSource(options.kafka()), PipelineSinks.production(options));
        env.execute(JOB_NAME);
    }

    /**
     * Checkpointing is EXACTLY_ONCE (aligned barriers) even though the sinks are at-least-once: window state must not
     * count a replayed sample twice, or a restart would store wrong aggregates rather than duplicate right ones.
     */
    public static StreamExecutionEnvironment environment(PipelineOptions o) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, o.checkpointDir());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (o.parallelism() > 0) {
            env.setParallelism(o.parallelism());
        }
        if (!o.checkpointInterval().isZero()) {
            env.enableCheckpointing(o.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        }
        env.getConfig().setAutoWatermarkInterval(WATERMARK_INTERVAL_MS);
        return env;
    }

    /**
     * Adds the pipeline to {@code env}, reading valid samples from {@code source} and writing to {@code sinks}.
     * Watermarks are generated in the source, per partition, on the ingestion clock (ADR 002); samples refused by
     * validation in the source's deserializer never reach them.
     */
    public static void build(
            StreamExecutionEnvironment env, PipelineOptions o, Source<SampleEvent, ?, ?> source, PipelineSinks sinks) {
        DataStream<SampleEvent> samples = env.fromSource(
                        source,
                        SampleWatermarks.strategy(o.maxWatermarkLag(), o.idleTimeout(), WallClock.system()),
                        "metrics-raw")
                .uid("metrics-raw-source");

        SingleOutputStreamOperator<TenantAggregate> aggregates = samples.keyBy(SampleEvent::seriesKey)
                .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
                .sideOutputLateData(LATE)
                .aggregate(new WindowStatsAggregator(), new WindowAggregateFunction())
                .uid("window-1s-stats")
                .name("1s window stats");

        aggregates.sinkTo(sinks.aggregates()).uid("metrics-agg-sink").name("metrics-agg");
        aggregates.sinkTo(sinks.store()).uid("remote-write-sink").name("prometheus remote-write");
        aggregates
                .getSideOutput(LATE)
                .process(new LateSampleCounter())
                .uid("late-samples")
                .name("count late")
                .sinkTo(sinks.late())
                .uid("late-sink")
                .name("late samples");
    }
}
