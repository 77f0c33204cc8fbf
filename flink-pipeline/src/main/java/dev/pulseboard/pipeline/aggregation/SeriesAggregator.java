package dev.pulseboard.pipeline.aggregation;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.limits.TenantLimits;
import dev.pulseboard.contract.wire.SeriesKey;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.pipeline.limits.LimitsProvider;
import dev.pulseboard.pipeline.serialization.SeriesStateSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
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
 *       {@code ceil(maxActiveSeries / parallelism)} (series spread evenly by key).</li>
 *   <li>Counters and histograms are written every second while active (so {@code rate()} sees a continuous counter),
 *       and stop {@code staleAfter} after their last sample; a series leaves state once the hour in which it went
 *       stale has ended and every rollup is written (state TTL).</li>
 *   <li>Every aggregated or refused sample is counted per tenant on the {@link #ACCOUNTING} side output, per window,
 *       kept in operator state across checkpoints until emitted.</li>
 * </ul>
 *
 * <p>An operator rather than a {@code KeyedProcessFunction} with timers (ADR 007): every active series is due every
 * second, and Flink's timer service (a hash set and a heap per key group) cost a third of this stage. Each series is
 * due at one time, the earliest of its oldest pending window's end and its next write ({@link #chainDue}); an index
 * from time to series is walked as the watermark advances. The index is not checkpointed: it is rebuilt on restore from
 * the keyed state and the watermark this subtask had reached ({@code firedUpTo}, union operator state), since which
 * series is due when is a function of the two. The series' identity (tenant, name, labels) is its key; it is parsed
 * once per subtask into a cache that also counts the active series.
 */
public class SeriesAggregator extends AbstractStreamOperator<TenantAggregate>
        implements OneInputStreamOperator<SeriesPartial, TenantAggregate> {
    public static final OutputTag<SeriesPartial> ACCOUNTING = SeriesPreAggregator.ACCOUNTING;
    private static final long NOT_DUE = Long.MAX_VALUE;

    private final long staleAfterMs;
    private final boolean accountAndLimit;
    private final LimitsProvider limitsProvider;

    private transient ValueState<SeriesState> state;
    private transient ListState<SeriesPartial> pendingAccounting;
    private transient ListState<long[]> firedUpToState;
    private transient TenantLimits limits;
    private transient Accounting accounting;
    private transient Map<String, Integer> activePerTenant;
    private transient Map<String, Series> known;
    private transient List<Series> changed;
    private transient TreeMap<Long, List<Series>> dueAt;
    private transient StreamRecord<TenantAggregate> out;
    private transient long firedUpTo;
    private transient long restoredFiredUpTo;
    private transient int parallelism;

    /**
     * A series this subtask holds state for: its key and identity as parsed from it, shard, when it is due, and its
     * state, of which keyed state holds a copy as of the last checkpoint.
     */
    static final class Series {
        final String key;
        final SeriesKey.Identity identity;
        final int shard;
        long due = NOT_DUE;
        SeriesState state;
        /** Changed since the last checkpoint (and so in {@code changed}). */
        boolean dirty;

        Series(String key) {
            this.key = key;
            this.identity = SeriesKey.parse(key);
            this.shard = SeriesKey.shardOf(key);
        }
    }

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
    public void initializeState(StateInitializationContext ctx) throws Exception {
        super.initializeState(ctx);
        accounting = new Accounting();
        pendingAccounting = ctx.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("accounting", TypeInformation.of(SeriesPartial.class)));
        accounting.restore(pendingAccounting.get());
        firedUpToState = ctx.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>(
                        "fired-up-to", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        restoredFiredUpTo = restoredWatermark(firedUpToState.get());
    }

    /**
     * This subtask's watermark at the checkpoint; after a change of parallelism, where series come from several old
     * subtasks, the lowest of them (a series may then be written once more for a second it was already written for).
     */
    private long restoredWatermark(Iterable<long[]> entries) {
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        int subtasks = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        long own = Long.MIN_VALUE;
        long lowest = Long.MAX_VALUE;
        int count = 0;
        for (long[] e : entries) {
            count++;
            lowest = Math.min(lowest, e[2]);
            if (e[0] == subtask && e[1] == subtasks) {
                own = e[2];
            }
        }
        if (count == 0) {
            return Long.MIN_VALUE;
        }
        return count == subtasks && own != Long.MIN_VALUE ? own : lowest;
    }

    @Override
    public void open() throws Exception {
        super.open();
        state = getKeyedStateStore()
                .getState(new ValueStateDescriptor<>("series", TypeInformation.of(SeriesState.class)));
        limits = limitsProvider.open();
        activePerTenant = new HashMap<>();
        known = new HashMap<>();
        changed = new ArrayList<>();
        dueAt = new TreeMap<>();
        out = new StreamRecord<>(null);
        parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        firedUpTo = restoredFiredUpTo;
        rebuildIndex();
    }

    /** After a restore: every series in keyed state is known, counted as active and due as it was at the checkpoint. */
    private void rebuildIndex() throws IOException {
        List<String> keys;
        try (var stream = getKeyedStateBackend().<VoidNamespace>getKeys("series", VoidNamespace.INSTANCE)) {
            keys = stream.map(k -> (String) k).toList();
        }
        for (String key : keys) {
            getKeyedStateBackend().setCurrentKey(key);
            SeriesState s = state.value();
            if (s != null) {
                Series series = remember(key);
                // its own copy: keyed state's object may be written by an asynchronous checkpoint while this one
                // changes
                series.state = SeriesStateSerializer.INSTANCE.copy(s);
                // without a watermark (a checkpoint before the first one, or from before ADR 007) the series' newest
                // window is as far as it can have been written: at worst a counter's unchanged total is written again
                long writtenUpTo = firedUpTo == Long.MIN_VALUE ? Windows.lastMs(s.lastDataWindow) : firedUpTo;
                schedule(series, due(s, writtenUpTo));
            }
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext ctx) throws Exception {
        super.snapshotState(ctx);
        writeBack();
        pendingAccounting.update(accounting.snapshot());
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        firedUpToState.update(List.of(new long[] {subtask, parallelism, firedUpTo}));
    }

    @Override
    public void processElement(StreamRecord<SeriesPartial> element) throws Exception {
        SeriesPartial p = element.getValue();
        String key = (String) getCurrentKey();
        Series series = known.get(key);
        if (series == null) {
            series = new Series(key);
            if (accountAndLimit && !admit(series.identity.tenant())) {
                refuse(series, ErrorId.SERIES_LIMIT, p);
                return;
            }
            series.state = newState(p);
            known.put(key, series);
            activePerTenant.merge(series.identity.tenant(), 1, Integer::sum);
        } else if (series.state.type != p.type || series.state.temporality != p.temporality) {
            if (accountAndLimit) {
                refuse(series, ErrorId.SERIES_TYPE_CONFLICT, p);
            }
            return;
        }
        addPending(series.state, p);
        changed(series);
        schedule(series, Windows.lastMs(p.windowStart));
        if (accountAndLimit) {
            accounting.count(series.identity.tenant(), Accounting.AGGREGATED, "", p.windowStart, p.samples);
        }
    }

    private void refuse(Series series, ErrorId reason, SeriesPartial p) {
        accounting.count(series.identity.tenant(), Accounting.REFUSED, reason.id(), p.windowStart, p.samples);
    }

    private void changed(Series series) {
        if (!series.dirty) {
            series.dirty = true;
            changed.add(series);
        }
    }

    /**
     * Before every checkpoint: keyed state gets a copy of each series' state that changed since the last one (a copy,
     * because the state backend writes the checkpoint asynchronously while this operator goes on changing its own).
     */
    private void writeBack() throws IOException {
        for (Series series : changed) {
            series.dirty = false;
            if (series.state != null) { // else it left state
                getKeyedStateBackend().setCurrentKey(series.key);
                state.update(SeriesStateSerializer.INSTANCE.copy(series.state));
            }
        }
        changed.clear();
    }

    /** Makes {@code series} due at {@code time} if that is earlier than it is due now. */
    private void schedule(Series series, long time) {
        if (time < series.due) {
            series.due = time;
            dueAt.computeIfAbsent(time, t -> new ArrayList<>()).add(series);
        }
    }

    /**
     * When a series is next due once the watermark reached {@code watermark}: its oldest pending window's end, or its
     * next write ({@link #chainDue}), whichever is earlier.
     */
    private long due(SeriesState s, long watermark) {
        long pending = s.pending.length == 0 ? NOT_DUE : Windows.lastMs(s.pending[0].windowStart);
        return Math.min(pending, chainDue(s, watermark));
    }

    /**
     * The next write of a series that has been written up to {@code watermark}: counters and histograms while active
     * every second (their running total), everything else at the next minute end (rollups, and the check whether the
     * series leaves state). The same for any watermark between two writes, so it can be recomputed after a restore.
     */
    private long chainDue(SeriesState s, long watermark) {
        long end = Windows.start(watermark + 1);
        boolean cumulative = s.type == MetricType.COUNTER_VALUE || SeriesPartial.isHistogram(s.type);
        if (cumulative && end - s.lastDataWindow < staleAfterMs) {
            return end + Windows.SECOND_MS - 1;
        }
        long minute = Windows.ROLLUP_MS[0];
        return Windows.start(end, minute) + minute - 1;
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
        s.pending = s.pending.length == 1 ? SeriesState.NONE : Arrays.copyOfRange(s.pending, 1, s.pending.length);
        return p;
    }

    private boolean admit(String tenant) {
        int share = (int) Math.ceil(limits.limitsFor(tenant).maxActiveSeries() / (double) parallelism);
        return activePerTenant.getOrDefault(tenant, 0) < share;
    }

    /** The series' identity, parsed once; the first sight of a key on this subtask counts it as active. */
    private Series remember(String key) {
        Series series = known.get(key);
        if (series == null) {
            series = new Series(key);
            known.put(key, series);
            activePerTenant.merge(series.identity.tenant(), 1, Integer::sum);
        }
        return series;
    }

    private void forget(String key) {
        Series series = known.remove(key);
        if (series != null) {
            activePerTenant.merge(series.identity.tenant(), -1, Integer::sum);
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
    public void processWatermark(Watermark mark) throws Exception {
        long watermark = mark.getTimestamp();
        while (!dueAt.isEmpty() && dueAt.firstKey() <= watermark) {
            Map.Entry<Long, List<Series>> next = dueAt.pollFirstEntry();
            long time = next.getKey();
            for (Series series : next.getValue()) {
                if (series.due == time) { // else it was made due earlier and has been written since
                    series.due = NOT_DUE;
                    fire(series, time);
                }
            }
        }
        firedUpTo = Math.max(firedUpTo, watermark);
        if (accountAndLimit && !accounting.isEmpty()) {
            long limit = Windows.start(watermark + 1); // counts of windows the watermark passed
            accounting.flushBefore(
                    limit, p -> output.collect(ACCOUNTING, new StreamRecord<>(p, Windows.lastMs(p.windowStart))));
        }
        super.processWatermark(mark);
    }

    /** Writes what is due of {@code series} at {@code timestamp} (a window's last ms) and makes it due next. */
    private void fire(Series series, long timestamp) throws Exception {
        long window = timestamp - Windows.SECOND_MS + 1;
        SeriesState s = series.state;
        if (s == null) {
            return;
        }
        String key = series.key;
        if (limits.limitsFor(series.identity.tenant()).deleted()) {
            // The tenant is being deleted (ADR 014): forget the series, so that nothing of it reaches the store again.
            getKeyedStateBackend().setCurrentKey(key);
            state.clear();
            forget(key);
            series.state = null;
            return;
        }
        SeriesPartial p = takePending(s, window);
        if (p != null) {
            s.lastDataWindow = Math.max(s.lastDataWindow, window);
        }
        boolean cumulative = s.type == MetricType.COUNTER_VALUE || SeriesPartial.isHistogram(s.type);
        boolean active = window - s.lastDataWindow < staleAfterMs;
        String tenant = series.identity.tenant();
        if (p != null || (cumulative && active)) {
            output.collect(out.replace(
                    new TenantAggregate(
                            tenant,
                            series.shard,
                            AggregateBuilder.second(series.identity, s, p, window, limits.limitsFor(tenant))),
                    timestamp));
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
                    output.collect(out.replace(
                            new TenantAggregate(
                                    tenant,
                                    series.shard,
                                    AggregateBuilder.rollup(
                                            series.identity, s, acc, end - period, period, limits.limitsFor(tenant))),
                            timestamp));
                }
                if (s.rollups != null) {
                    s.rollups[i] = null;
                }
            }
        }
        long hour = Windows.ROLLUP_MS[Windows.ROLLUP_MS.length - 1];
        long retireAt = Windows.start(s.lastDataWindow + staleAfterMs, hour) + hour;
        if (end >= retireAt && s.pending.length == 0) {
            getKeyedStateBackend().setCurrentKey(key);
            state.clear();
            forget(key);
            series.state = null;
            return;
        }
        changed(series);
        schedule(series, due(s, timestamp));
    }

    @Override
    public void close() throws Exception {
        limitsProvider.release();
        super.close();
    }
}
