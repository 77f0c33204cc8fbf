// The answers of a panel's targets turned into named series on one time axis. Pure.
import { legendLabel } from './legend.js';

/**
 * Range answers (one per target: `{ target, result }`, `result` a Prometheus matrix) as `{ xs, series }`: xs every
 * step of [start, end], each series `{ name, labels, ys }` with null where it has no point (drawn as a gap).
 */
export function alignSeries(answers, start, end, step) {
  const xs = [];
  for (let t = start; t <= end; t += step) xs.push(t);
  const index = new Map(xs.map((t, i) => [t, i]));
  const series = [];
  for (const { target, result } of answers) {
    for (const s of result) {
      const ys = new Array(xs.length).fill(null);
      for (const [t, v] of s.values ?? []) {
        const i = index.get(Number(t));
        if (i !== undefined) ys[i] = Number(v);
      }
      series.push({ name: legendLabel(s.metric, target.legendFormat), labels: s.metric, ys });
    }
  }
  series.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  return { xs, series };
}

/** Instant answers (Prometheus vectors) as rows `{ name, labels, value }`, for tables. */
export function instantRows(answers) {
  const rows = [];
  for (const { target, result } of answers) {
    for (const s of result) {
      rows.push({ name: legendLabel(s.metric, target.legendFormat), labels: s.metric, value: Number(s.value?.[1]) });
    }
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
}

/** Unix seconds of the newest point of any series, or null. */
export function newestTime(xs, series) {
  for (let i = xs.length - 1; i >= 0; i--) {
    if (series.some((s) => s.ys[i] !== null)) return xs[i];
  }
  return null;
}

/** The label names a table shows as columns: every label of every row except the metric name and tenant, sorted. */
export function tableColumns(rows) {
  const names = new Set();
  for (const row of rows) for (const name of Object.keys(row.labels)) names.add(name);
  names.delete('tenant');
  return [...names].sort((a, b) => (a === '__name__' ? -1 : b === '__name__' ? 1 : a.localeCompare(b)));
}
