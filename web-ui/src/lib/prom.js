// Pure helpers turning Prometheus HTTP API answers into uPlot data. No DOM here: unit-tested with node --test.

/** Query-range parameters for the last `windowSec` seconds ending at `nowMs`, aligned to `stepSec`. */
export function rangeParams(nowMs, windowSec, stepSec) {
  const end = Math.floor(nowMs / 1000 / stepSec) * stepSec;
  return { start: end - windowSec, end, step: stepSec };
}

/** A legend label for one series: its labels except __name__ and tenant, or the metric name. */
export function seriesLabel(metric) {
  const parts = Object.entries(metric)
    .filter(([k]) => k !== '__name__' && k !== 'tenant')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(', ') : (metric.__name__ ?? 'value');
}

/**
 * Converts a `matrix` result into uPlot's aligned columns: [xs, ys1, ys2, ...] where xs are the unix seconds
 * of every step in [start, end] and a missing point is null (drawn as a gap, so staleness is visible).
 */
export function toAlignedData(result, start, end, step) {
  const xs = [];
  for (let t = start; t <= end; t += step) xs.push(t);
  const index = new Map(xs.map((t, i) => [t, i]));
  const series = [...result].sort((a, b) => seriesLabel(a.metric).localeCompare(seriesLabel(b.metric)));
  const columns = series.map((s) => {
    const ys = new Array(xs.length).fill(null);
    for (const [t, v] of s.values) {
      const i = index.get(Number(t));
      if (i !== undefined) ys[i] = Number(v);
    }
    return ys;
  });
  return { labels: series.map((s) => seriesLabel(s.metric)), data: [xs, ...columns] };
}

/** Timestamp (unix seconds) of the newest non-null point in aligned data, or null. */
export function newestPoint(data) {
  const [xs, ...cols] = data;
  for (let i = xs.length - 1; i >= 0; i--) {
    if (cols.some((c) => c[i] !== null)) return xs[i];
  }
  return null;
}

/** Number of non-null points over all series. */
export function pointCount(data) {
  return data.slice(1).reduce((n, col) => n + col.filter((v) => v !== null).length, 0);
}
