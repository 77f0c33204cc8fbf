package dev.pulseboard.pipeline.aggregation;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.limits.TenantLimits;
import dev.pulseboard.contract.wire.SeriesKey;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.pipeline.limits.LimitsProvider;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by series: merges the {@link SeriesPartial}s of each 1 s window and, when the watermark passes the window,
 * writes the series the Prometheus way (docs/metrics.md): counters as running totals, histogram types as cumulative
 * buckets with sum and count plus the window's quantiles, gauges as the window's last value with min and max, sets as
 * the distinct count; and the 1 min / 5 min / 1 h rollups at their period ends.
 *
 * <ul>
 *   <li>The first partial of a series fixes its type; one of another type is refused
 *       ({@code err-pb-series-type-conflict}). A new series beyond the tenant's active-series limit is refused
 *       ({@code err-pb-series-limit}); the limit is enforced per parallel subtask as its share,
 *       {@code ceil(maxActiveSeries / parallelism)} (series spread evenly by key), and after a restore the count is
 *       rebuilt as the series' next timer or sample passes.</li>
 *   <li>Counters and histograms are written every second while active (so {@code rate()} sees a continuous counter),
 *       and stop {@code staleAfter} after their last sample; a series leaves state once the hour in which it went
 *       stale has ended and every rollup is written (state TTL by timers).</li>
 *   <li>Every aggregated or refused sample is counted per tenant on the {@link #ACCOUNTING} side output, per window,
 *       kept in operator state across checkpoints until emitted.</li>
 * </ul>
 * The series' identity (tenant, name, labels) is its key; it is parsed once per subtask into a cache that also
 * counts the active series.
 */
public class SeriesAggregator extends KeyedProcessFunction<String, SeriesPartial, TenantAggregate>
        implements CheckpointedFunction {
    public static final OutputTag<SeriesPartial> ACCOUNTING = SeriesPreAggregator.ACCOUNTING;

    private final long staleAfterMs;
    private final boolean accountAndLimit;
    private final LimitsProvider limitsProvider;

    private transient ValueState<SeriesState> state;
    private transient ListState<SeriesPartial> pendingAccounting;
    private transient TenantLimits limits;
    private transient Accounting accounting;
    private transient Map<String, Integer> activePerTenant;
    private transient Map<String, Series> known;
    private transient int parallelism;

    /** A series this subtask holds state for: its identity as parsed from the key, and its metrics-agg shard. */
    record Series(SeriesKey.Identity identity, int shard) {}

    /**
     * @param staleAfterMs    a series without samples for this long stops being written and later leaves state
     * @param accountAndLimit false for the aggregator of the accounting series themselves (no limit, no accounting)
     */
    public SeriesAggregator(long staleAfterMs, boolean accountAndLimit, LimitsProvider limits) {
        this.staleAfterMs = staleAfterMs;
        this.accountAndLimit = accountAndLimit;
        this.limitsProvider = limits;
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext()
                .getState(new ValueStateDescriptor<>("series", TypeInformation.of(SeriesState.class)));
        limits = limitsProvider.open();
        activePerTenant = new HashMap<>();
        known = new HashMap<>();
        parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) throws Exception {
        accounting = new Accounting();
        pendingAccounting = ctx.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("accounting", TypeInformation.of(SeriesPartial.class)));
        accounting.restore(pendingAccounting.get());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
        pendingAccounting.update(accounting.snapshot());
    }

    @Override
    public void processElement(SeriesPartial p, Context ctx, Collector<TenantAggregate> out) throws Exception {
        String key = ctx.getCurrentKey();
        SeriesState s = state.value();
        Series series = known.get(key);
        String tenant = series != null
                ? series.identity().tenant()
                : SeriesKey.parse(key).tenant();
        if (s == null) {
            if (accountAndLimit && !admit(tenant)) {
                refuse(p, tenant, ErrorId.SERIES_LIMIT, ctx);
                return;
            }
            s = newState(p);
        } else if (s.type != p.type || s.temporality != p.temporality) {
            if (accountAndLimit) {
                refuse(p, tenant, ErrorId.SERIES_TYPE_CONFLICT, ctx);
            }
            return;
        }
        remember(key);
        addPending(s, p);
        state.update(s);
        ctx.timerService().registerEventTimeTimer(Windows.lastMs(p.windowStart));
        if (accountAndLimit) {
            accounting.count(tenant, Accounting.AGGREGATED, "", p.windowStart, p.samples);
        }
    }

    /** Merges {@code p} into the pending partial of its window, or adds it in window order. */
    private static void addPending(SeriesState s, SeriesPartial p) {
        SeriesPartial[] pending = s.pending;
        int i = 0;
        while (i < pending.length && pending[i].windowStart < p.windowStart) {
            i++;
        }
        if (i < pending.length && pending[i].windowStart == p.windowStart) {
            pending[i].merge(p);
            pending[i].seal();
            return;
        }
        SeriesPartial[] grown = new SeriesPartial[pending.length + 1];
        System.arraycopy(pending, 0, grown, 0, i);
        grown[i] = p;
        System.arraycopy(pending, i, grown, i + 1, pending.length - i);
        s.pending = grown;
    }

    /** Removes and returns the pending partial of {@code window}, if any (it is always the oldest). */
    private static SeriesPartial takePending(SeriesState s, long window) {
        if (s.pending.length == 0 || s.pending[0].windowStart != window) {
            return null;
        }
        SeriesPartial p = s.pending[0];
        s.pending =
                s.pending.length == 1 ? SeriesState.NONE : java.util.Arrays.copyOfRange(s.pending, 1, s.pending.length);
        return p;
    }

    /** Counts the partial's samples as refused; a timer on this key makes sure the count leaves with its window. */
    private void refuse(SeriesPartial p, String tenant, ErrorId reason, Context ctx) {
        accounting.count(tenant, Accounting.REFUSED, reason.id(), p.windowStart, p.samples);
        ctx.timerService().registerEventTimeTimer(Windows.lastMs(p.windowStart));
    }

    private boolean admit(String tenant) {
        int share = (int) Math.ceil(limits.limitsFor(tenant).maxActiveSeries() / (double) parallelism);
        return activePerTenant.getOrDefault(tenant, 0) < share;
    }

    /** The series' identity, parsed once; the first sight of a key on this subtask counts it as active. */
    private Series remember(String key) {
        Series series = known.get(key);
        if (series == null) {
            series = new Series(SeriesKey.parse(key), SeriesKey.shardOf(key));
            known.put(key, series);
            activePerTenant.merge(series.identity().tenant(), 1, Integer::sum);
        }
        return series;
    }

    private void forget(String key) {
        Series series = known.remove(key);
        if (series != null) {
            activePerTenant.merge(series.identity().tenant(), -1, Integer::sum);
        }
    }

    private static SeriesState newState(SeriesPartial p) {
        SeriesState s = new SeriesState();
        s.type = p.type;
        s.temporality = p.temporality;
        s.lastDataWindow = p.windowStart;
        if (p.type == MetricType.GAUGE_VALUE || p.type == MetricType.SET_VALUE) {
            s.rollups = new RollupStats[Windows.ROLLUP_MS.length];
        }
        return s;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TenantAggregate> out) throws Exception {
        long window = timestamp - Windows.SECOND_MS + 1;
        emitAccountingUpTo(window, ctx);
        SeriesState s = state.value();
        if (s == null) {
            return;
        }
        String key = ctx.getCurrentKey();
        Series series = remember(key);
        SeriesPartial p = takePending(s, window);
        if (p != null) {
            s.lastDataWindow = Math.max(s.lastDataWindow, window);
        }
        boolean cumulative = s.type == MetricType.COUNTER_VALUE || SeriesPartial.isHistogram(s.type);
        boolean active = window - s.lastDataWindow < staleAfterMs;
        String tenant = series.identity().tenant();
        if (p != null || (cumulative && active)) {
            out.collect(new TenantAggregate(
                    tenant,
                    series.shard(),
                    AggregateBuilder.second(series.identity(), s, p, window, limits.limitsFor(tenant))));
        }
        if (p != null && s.rollups != null) {
            for (int i = 0; i < s.rollups.length; i++) {
                if (s.rollups[i] == null) {
                    s.rollups[i] = new RollupStats();
                }
                s.rollups[i].add(p);
            }
        }
        long end = window + Windows.SECOND_MS;
        for (int i = 0; i < Windows.ROLLUP_MS.length; i++) {
            long period = Windows.ROLLUP_MS[i];
            if (end % period == 0) {
                RollupStats acc = s.rollups == null ? null : s.rollups[i];
                boolean activeInPeriod = s.lastDataWindow + staleAfterMs > end - period;
                if (acc != null || (cumulative && activeInPeriod)) {
                    out.collect(new TenantAggregate(
                            tenant,
                            series.shard(),
                            AggregateBuilder.rollup(
                                    series.identity(), s, acc, end - period, period, limits.limitsFor(tenant))));
                }
                if (s.rollups != null) {
                    s.rollups[i] = null;
                }
            }
        }
        long hour = Windows.ROLLUP_MS[Windows.ROLLUP_MS.length - 1];
        long retireAt = Windows.start(s.lastDataWindow + staleAfterMs, hour) + hour;
        if (end >= retireAt && s.pending.length == 0) {
            state.clear();
            forget(key);
            return;
        }
        state.update(s);
        long next = cumulative && end - s.lastDataWindow < staleAfterMs
                ? timestamp + Windows.SECOND_MS
                : Windows.start(end, Windows.ROLLUP_MS[0]) + Windows.ROLLUP_MS[0] - 1;
        ctx.timerService().registerEventTimeTimer(next);
    }

    /** Accounting counts of windows up to {@code window} leave once the watermark reached it (first timer there). */
    private void emitAccountingUpTo(long window, OnTimerContext ctx) {
        if (accountAndLimit && !accounting.isEmpty()) {
            accounting.flushBefore(window + Windows.SECOND_MS, p -> ctx.output(ACCOUNTING, p));
        }
    }

    @Override
    public void close() throws Exception {
        limitsProvider.release();
        super.close();
    }
}
