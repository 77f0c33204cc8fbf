// Pure helpers for the explore page and series names (the alignment of answers is grafana/series.js). No DOM here:
// unit-tested with node --test.

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

/** Number of non-null points over all series. */
export function pointCount(data) {
  return data.slice(1).reduce((n, col) => n + col.filter((v) => v !== null).length, 0);
}
