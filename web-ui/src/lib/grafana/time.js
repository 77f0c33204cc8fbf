// Grafana time ranges ("now-1h" .. "now", or epoch milliseconds) and the query step of a range. Pure: unit-tested.

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** The quick ranges the time picker offers, as Grafana writes them in a dashboard's `time` and in URLs. */
export const QUICK_RANGES = [
  ['now-1m', 'Last 1 minute'],
  ['now-5m', 'Last 5 minutes'],
  ['now-15m', 'Last 15 minutes'],
  ['now-30m', 'Last 30 minutes'],
  ['now-1h', 'Last 1 hour'],
  ['now-3h', 'Last 3 hours'],
  ['now-6h', 'Last 6 hours'],
  ['now-12h', 'Last 12 hours'],
  ['now-24h', 'Last 24 hours'],
];

/** Grafana's default refresh choices when a dashboard's `timepicker.refresh_intervals` does not name its own. */
export const DEFAULT_REFRESH_INTERVALS = ['1s', '5s', '10s', '30s', '1m', '5m'];

/** Seconds of a Grafana/Prometheus duration such as "1s", "5m", "1h"; null when it is not one. */
export function parseDuration(text) {
  const m = /^(\d+)([smhdw])$/.exec(String(text ?? '').trim());
  return m ? Number(m[1]) * UNIT_SECONDS[m[2]] : null;
}

/** A duration in seconds written the Prometheus way, largest whole unit first: 90 -> "90s", 3600 -> "1h". */
export function formatDuration(seconds) {
  for (const unit of ['w', 'd', 'h', 'm']) {
    if (seconds >= UNIT_SECONDS[unit] && seconds % UNIT_SECONDS[unit] === 0)
      return `${seconds / UNIT_SECONDS[unit]}${unit}`;
  }
  return `${seconds}s`;
}

/**
 * Unix seconds of one end of a range: "now", "now-<duration>" (optionally "/d"-style rounding is not supported),
 * or epoch milliseconds as Grafana puts them in URLs. Throws on anything else.
 */
export function resolveTime(expr, nowMs) {
  const text = String(expr).trim();
  if (text === 'now') return Math.floor(nowMs / 1000);
  const rel = /^now-(\d+[smhdw])$/.exec(text);
  if (rel) return Math.floor(nowMs / 1000) - parseDuration(rel[1]);
  if (/^\d{10,14}$/.test(text)) return Math.floor(Number(text) / 1000);
  throw new Error(`unsupported time "${text}" (use now, now-<n><s|m|h|d|w> or epoch milliseconds)`);
}

const NICE_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 43_200, 86_400];

/** The smallest "nice" step giving at most `maxPoints` points over `rangeSec` (Grafana's $__interval, roughly). */
export function stepFor(rangeSec, maxPoints) {
  const wanted = rangeSec / Math.max(1, maxPoints);
  return NICE_STEPS.find((s) => s >= wanted) ?? NICE_STEPS[NICE_STEPS.length - 1];
}

/**
 * The query range of a dashboard: both ends resolved, the end rounded down to the step so that viewers refreshing
 * within one step ask the same question (the query frontend's results cache then answers them together).
 */
export function queryRange(from, to, nowMs, maxPoints) {
  const start = resolveTime(from, nowMs);
  const end = resolveTime(to, nowMs);
  if (!(end > start)) throw new Error(`the range ends (${to}) before it starts (${from})`);
  const step = stepFor(end - start, maxPoints);
  const alignedEnd = Math.floor(end / step) * step;
  return { start: alignedEnd - (end - start), end: alignedEnd, step };
}
