package dev.pulseboard.query.extents;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The pure part of the extent cache: which steps of a step-aligned range request a cached extent can answer, which
 * ranges Prometheus must still evaluate, how the parts merge into the answer for the whole range, and what of it is
 * settled enough to keep. All times in ms; a request's steps are {@code start, start + step, ..., end}, and start and
 * end are multiples of step, so every request of the same query and step evaluates the same absolute step times.
 */
final class StepExtents {
    private StepExtents() {}

    /** Steps {@code from, from + step, ..., to} (inclusive; from and to multiples of step, from <= to). */
    record StepRange(long from, long to) {
        long steps(long step) {
            return (to - from) / step + 1;
        }

        boolean contains(long t) {
            return t >= from && t <= to;
        }
    }

    /**
     * Settled steps of one query at one step: every step of {@code range} was evaluated, none after the settled
     * boundary of its time; {@code createdAt} is when the first of them was (the extent is rebuilt after max-age).
     */
    record Extent(StepRange range, long createdAt, RangeMatrix matrix) {}

    /** A part of the request evaluated by Prometheus: the steps it was asked for and what it answered. */
    record Part(StepRange range, RangeMatrix matrix) {}

    /**
     * What to do for a request.
     *
     * @param cached the steps the cached extent answers (within the request), empty when it answers none
     * @param fetch the ranges Prometheus must evaluate, in time order (before and after the cached steps)
     */
    record Plan(Optional<StepRange> cached, List<StepRange> fetch) {}

    /** Whether a range request may use the extent cache at all: start and end multiples of a positive step. */
    static boolean aligned(long start, long end, long step) {
        return step > 0 && start <= end && Math.floorMod(start, step) == 0 && Math.floorMod(end, step) == 0;
    }

    /**
     * The newest time whose steps are final at {@code now}: the store's written-through time when known (never past
     * now: a sample stamped later may still come), else {@code now - settledAfter}. A known time is exact where the age
     * is a guess: after a pipeline outage it holds back the steps whose backlog is still being written, however old.
     */
    static long settledThrough(long now, long settledAfter, OptionalLong writtenThrough) {
        return writtenThrough.isPresent() ? Math.min(writtenThrough.getAsLong(), now) : now - settledAfter;
    }

    /** The newest step time that is final when every time up to {@code settled} is: the last multiple of step by then. */
    static long lastSettledStep(long settled, long step) {
        return settled - Math.floorMod(settled, step);
    }

    /**
     * The plan for {@code request}: the steps {@code extent} holds inside it are served from it, the rest (at most one
     * range before and one after them) evaluated by Prometheus. An extent {@code maxAge} old or older, or one not
     * overlapping the request, is not used.
     */
    static Plan plan(Optional<Extent> extent, StepRange request, long step, long now, long maxAge) {
        Optional<StepRange> usable = extent.filter(e -> now - e.createdAt() < maxAge)
                .map(Extent::range)
                .filter(r -> r.from() <= request.to() && r.to() >= request.from())
                .map(r -> new StepRange(Math.max(r.from(), request.from()), Math.min(r.to(), request.to())));
        if (usable.isEmpty()) {
            return new Plan(Optional.empty(), List.of(request));
        }
        StepRange cached = usable.get();
        List<StepRange> fetch = new ArrayList<>(2);
        if (request.from() < cached.from()) {
            fetch.add(new StepRange(request.from(), cached.from() - step));
        }
        if (request.to() > cached.to()) {
            fetch.add(new StepRange(cached.to() + step, request.to()));
        }
        return new Plan(usable, List.copyOf(fetch));
    }

    /**
     * The answer for the whole request: the union of the series of all parts by label set, each series' samples in
     * time order, every sample taken only from the part responsible for its step (the cached steps from the extent,
     * the others from the part that evaluated them), series without samples left out and the series in Prometheus'
     * order. Warnings and infos of the parts are kept, each once.
     */
    static RangeMatrix merge(Optional<Extent> extent, Optional<StepRange> cached, List<Part> parts) {
        Map<List<String>, SeriesBuilder> byLabels = new LinkedHashMap<>();
        if (extent.isPresent() && cached.isPresent()) {
            add(byLabels, extent.get().matrix(), cached.get());
        }
        List<String> warnings = new ArrayList<>();
        List<String> infos = new ArrayList<>();
        for (Part part : parts) {
            add(byLabels, part.matrix(), part.range());
            part.matrix().warnings().stream().filter(w -> !warnings.contains(w)).forEach(warnings::add);
            part.matrix().infos().stream().filter(w -> !infos.contains(w)).forEach(infos::add);
        }
        List<RangeMatrix.Series> series = new ArrayList<>(byLabels.size());
        for (SeriesBuilder b : byLabels.values()) {
            b.build().ifPresent(series::add);
        }
        series.sort(RangeMatrix.Series.ORDER);
        return new RangeMatrix(List.copyOf(series), List.copyOf(warnings), List.copyOf(infos));
    }

    /**
     * What of a merged answer may be kept: its steps from the request's start up to the last settled step, unless the
     * answer carried warnings or infos (a later answer served from the extent would lose them); empty when no step
     * of the request is settled yet.
     */
    static Optional<Extent> settled(RangeMatrix merged, StepRange request, long lastSettledStep, long createdAt) {
        long to = Math.min(request.to(), lastSettledStep);
        if (to < request.from()
                || !merged.warnings().isEmpty()
                || !merged.infos().isEmpty()) {
            return Optional.empty();
        }
        StepRange range = new StepRange(request.from(), to);
        return Optional.of(new Extent(range, createdAt, slice(merged, range)));
    }

    /**
     * The steps {@code range} of an answer without warnings or infos, as Prometheus answers a request for just those
     * steps of a step-local query: each series' samples in them, series without any left out, in Prometheus' order.
     */
    static RangeMatrix slice(RangeMatrix answer, StepRange range) {
        Map<List<String>, SeriesBuilder> byLabels = new LinkedHashMap<>();
        add(byLabels, answer, range);
        List<RangeMatrix.Series> series = new ArrayList<>(byLabels.size());
        for (SeriesBuilder b : byLabels.values()) {
            b.build().ifPresent(series::add);
        }
        series.sort(RangeMatrix.Series.ORDER);
        return new RangeMatrix(List.copyOf(series), List.of(), List.of());
    }

    private static void add(Map<List<String>, SeriesBuilder> byLabels, RangeMatrix matrix, StepRange range) {
        for (RangeMatrix.Series s : matrix.series()) {
            SeriesBuilder b = byLabels.computeIfAbsent(s.labels(), l -> new SeriesBuilder(l, s.metricJson()));
            for (int i = 0; i < s.times().length; i++) {
                if (range.contains(s.times()[i])) {
                    b.add(s.times()[i], s.values()[i]);
                }
            }
        }
    }

    /** One series' samples gathered from several parts (in time order when the parts are added in time order). */
    private static final class SeriesBuilder {
        private final List<String> labels;
        private final byte[] metricJson;
        private long[] times = new long[16];
        private String[] values = new String[16];
        private int size;

        SeriesBuilder(List<String> labels, byte[] metricJson) {
            this.labels = labels;
            this.metricJson = metricJson;
        }

        void add(long t, String v) {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            times[size] = t;
            values[size++] = v;
        }

        /** The series with its samples sorted by time, one per step (the first added wins); empty without any. */
        Optional<RangeMatrix.Series> build() {
            if (size == 0) {
                return Optional.empty();
            }
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b])); // stable: the first added stays first
            long[] t = new long[size];
            String[] v = new String[size];
            int n = 0;
            for (int i : order) {
                if (n == 0 || t[n - 1] != times[i]) {
                    t[n] = times[i];
                    v[n++] = values[i];
                }
            }
            return Optional.of(new RangeMatrix.Series(labels, metricJson, Arrays.copyOf(t, n), Arrays.copyOf(v, n)));
        }
    }
}
