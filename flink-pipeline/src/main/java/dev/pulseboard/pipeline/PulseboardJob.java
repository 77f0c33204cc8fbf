package dev.pulseboard.pipeline;

import dev.pulseboard.pipeline.aggregation.SeriesAggregator;
import dev.pulseboard.pipeline.aggregation.SeriesPartial;
import dev.pulseboard.pipeline.aggregation.SeriesPreAggregator;
import dev.pulseboard.pipeline.aggregation.TenantAggregate;
import dev.pulseboard.pipeline.eventtime.IngestClockWatermarks;
import dev.pulseboard.pipeline.ingest.RawBatch;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * metrics-raw -> pre-aggregate per series and second (chained to the source) -> keyed per series: 1 s windows,
 * running totals, rollups -> metrics-agg and the store; samples past their allowed lateness -> metrics-late; every
 * tenant's accounting -> the same aggregation, into the tenant's own series (docs/pipeline.md, ADR 005).
 *
 * <p>Run in a plain JVM ({@code java -cp ... dev.pulseboard.pipeline.PulseboardJob --bootstrap ...}) it starts an
 * embedded MiniCluster, restoring the newest retained checkpoint if there is one; with {@code --cluster host:port} it
 * submits the job jar to that Flink cluster's REST endpoint instead (restoring the same way) and returns once the job is
 * accepted. Flags: see {@link PipelineOptions}.
 */
public final class PulseboardJob {
    public static final String JOB_NAME = "pulseboard-pipeline";
    /** How often sources emit watermarks; a window closes at most this much after it could. */
    static final long WATERMARK_INTERVAL_MS = 50;
    /** Network buffers are sent at least this often: the 1 s windows must not wait for full buffers. */
    static final long BUFFER_TIMEOUT_MS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(PulseboardJob.class);

    private PulseboardJob() {}

    public static void main(String[] args) throws Exception {
        PipelineOptions options = PipelineOptions.parse(args, System.getenv());
        LOG.info("starting {} with {}", JOB_NAME, options);
        StreamExecutionEnvironment env = environment(options);
        build(
                env,
                options,
                PipelineSources.production(options, env.getParallelism()),
                PipelineSinks.production(options));
        if (options.cluster().isEmpty()) {
            env.execute(JOB_NAME); // the embedded MiniCluster lives as long as this JVM
        } else {
            JobClient job = env.executeAsync(JOB_NAME); // detached, like `flink run -d`
            LOG.info("submitted {} to {} as job {}", JOB_NAME, options.cluster(), job.getJobID());
        }
    }

    /**
     * The environment: an embedded MiniCluster bound to loopback (or a remote cluster with {@code --cluster}),
     * EXACTLY_ONCE checkpoints retained on cancellation, object reuse (records pass between chained operators as they
     * are), short network buffer timeouts and frequent watermarks for freshness.
     *
     * <p>Checkpointing is EXACTLY_ONCE (aligned barriers): keyed state never counts a replayed sample twice, and every
     * decision of the job depends only on the records (append times, not the wall clock), so a replay after a restore
     * recomputes the very same windows, which the store accepts again unchanged (ADR 005).
     */
    public static StreamExecutionEnvironment environment(PipelineOptions o) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, o.checkpointDir());
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
        if ("latest".equals(o.restore())) {
            Optional<String> latest = Checkpoints.latest(o.checkpointDir());
            latest.ifPresent(path -> {
                LOG.info("restoring from checkpoint {}", path);
                conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path);
            });
        }
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_PORT, o.restPort() == 0 ? "0" : Integer.toString(o.restPort()));
        conf.set(JobManagerOptions.ADDRESS, "127.0.0.1");
        conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.HOST, "127.0.0.1");
        StreamExecutionEnvironment env =
                o.cluster().isEmpty() ? StreamExecutionEnvironment.getExecutionEnvironment(conf) : remote(o, conf);
        if (o.parallelism() > 0) {
            env.setParallelism(o.parallelism());
        }
        if (!o.checkpointInterval().isZero()) {
            env.enableCheckpointing(o.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        }
        env.getConfig().setAutoWatermarkInterval(WATERMARK_INTERVAL_MS);
        env.getConfig().enableObjectReuse();
        env.setBufferTimeout(BUFFER_TIMEOUT_MS);
        return env;
    }

    private static StreamExecutionEnvironment remote(PipelineOptions o, Configuration conf) {
        String[] hostPort = o.cluster().split(":");
        String jar = o.jobJar().isEmpty()
                ? PulseboardJob.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .getPath()
                : o.jobJar();
        return StreamExecutionEnvironment.createRemoteEnvironment(
                hostPort[0], Integer.parseInt(hostPort[1]), conf, jar);
    }

    /** The event-time strategy: record timestamps are broker append times, watermarks per partition on them. */
    public static WatermarkStrategy<RawBatch> watermarks(PipelineOptions o) {
        long lag = o.maxWatermarkLag().toMillis();
        return WatermarkStrategy.<RawBatch>forGenerator(ctx -> new IngestClockWatermarks<>(lag))
                .withTimestampAssigner((batch, recordTimestamp) -> batch.appendTimeMs());
    }

    /** Adds the pipeline to {@code env}, reading from {@code sources} and writing to {@code sinks}. */
    public static void build(
            StreamExecutionEnvironment env, PipelineOptions o, PipelineSources sources, PipelineSinks sinks) {
        DataStream<RawBatch> raw =
                env.fromSource(sources.raw(), watermarks(o), "metrics-raw").uid("metrics-raw-source");
        if (sources.parallelism() > 0) {
            ((SingleOutputStreamOperator<RawBatch>) raw).setParallelism(sources.parallelism());
        }
        SingleOutputStreamOperator<SeriesPartial> partials = raw.transform(
                        "pre-aggregate per series and second",
                        TypeInformation.of(SeriesPartial.class),
                        new SeriesPreAggregator(
                                o.maxWatermarkLag().toMillis(),
                                o.allowedLateness().toMillis(),
                                sources.limits()))
                .uid("pre-aggregate");

        long stale = o.staleAfter().toMillis();
        SingleOutputStreamOperator<TenantAggregate> series = partials.keyBy(p -> p.seriesKey)
                .transform(
                        "aggregate series: 1s windows, totals, rollups",
                        TypeInformation.of(TenantAggregate.class),
                        new SeriesAggregator(stale, true, sources.limits()))
                .uid("aggregate-series");
        series.sinkTo(sinks.aggregates()).uid("metrics-agg-sink").name("metrics-agg");
        series.sinkTo(sinks.store().apply(PipelineSinks.SERIES))
                .uid("remote-write-sink")
                .name("store: remote-write");

        // the tenants' accounting: counted by both stages, totalled like any counter, written like any series
        SingleOutputStreamOperator<TenantAggregate> accounting = partials.getSideOutput(SeriesPreAggregator.ACCOUNTING)
                .union(series.getSideOutput(SeriesAggregator.ACCOUNTING))
                .keyBy(p -> p.seriesKey)
                .transform(
                        "aggregate accounting",
                        TypeInformation.of(TenantAggregate.class),
                        new SeriesAggregator(stale, false, sources.limits()))
                .uid("aggregate-accounting");
        accounting.sinkTo(sinks.aggregates()).uid("metrics-agg-sink-accounting").name("metrics-agg (accounting)");
        accounting
                .sinkTo(sinks.store().apply(PipelineSinks.ACCOUNTING))
                .uid("remote-write-sink-accounting")
                .name("store: remote-write (accounting)");

        partials.getSideOutput(SeriesPreAggregator.LATE)
                .sinkTo(sinks.late())
                .uid("metrics-late-sink")
                .name("metrics-late");

        if (sinks.ticks() != null) {
            double perSecond = 1000.0 / o.tickInterval().toMillis();
            env.fromSource(
                            new DataGeneratorSource<>(
                                    n -> n, Long.MAX_VALUE, RateLimiterStrategy.perSecond(perSecond), Types.LONG),
                            WatermarkStrategy.noWatermarks(),
                            "watermark ticks")
                    .setParallelism(1)
                    .uid("tick-source")
                    .sinkTo(sinks.ticks())
                    .setParallelism(1)
                    .uid("tick-sink")
                    .name("metrics-raw: watermark ticks");
        }
    }
}
