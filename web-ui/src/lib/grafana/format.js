// Values written with a panel's unit and decimals (Grafana unit ids), numbers formatted by d3-format. Pure.
import { format } from '/vendor/d3-format.mjs';

const SHORT = [
  [1e12, ' Tri'],
  [1e9, ' Bil'],
  [1e6, ' Mil'],
  [1e3, ' K'],
];
const IEC = [
  [1024 ** 4, ' TiB'],
  [1024 ** 3, ' GiB'],
  [1024 ** 2, ' MiB'],
  [1024, ' KiB'],
];
const SI_BYTES = [
  [1e12, ' TB'],
  [1e9, ' GB'],
  [1e6, ' MB'],
  [1e3, ' kB'],
];
const TIME = [
  [86_400, ' day'],
  [3600, ' hour'],
  [60, ' min'],
  [1, ' s'],
  [1e-3, ' ms'],
  [1e-6, ' µs'],
  [1e-9, ' ns'],
];

/** Decimals shown when a panel does not set `decimals`: about three significant digits, none from 100 up. */
export function autoDecimals(value) {
  const a = Math.abs(value);
  if (a === 0 || a >= 100) return 0;
  return Math.min(6, 2 - Math.floor(Math.log10(a)));
}

function number(value, decimals) {
  return decimals === undefined || decimals === null
    ? format(`,.${autoDecimals(value)}~f`)(value)
    : format(`,.${decimals}f`)(value);
}

/** `value` divided by the largest size of `scale` it reaches, with that suffix; as it is, with `base`, below all. */
function scaled(value, decimals, scale, base) {
  const a = Math.abs(value);
  for (const [size, suffix] of scale) {
    if (a >= size) return number(value / size, decimals) + suffix;
  }
  return number(value, decimals) + base;
}

const UNIT_FORMATS = {
  none: (v, d) => number(v, d),
  short: (v, d) => scaled(v, d, SHORT, ''),
  percent: (v, d) => `${number(v, d)}%`,
  percentunit: (v, d) => `${number(v * 100, d)}%`,
  s: (v, d) => (v === 0 ? number(0, d) + ' s' : scaled(v, d, TIME, ' s')),
  ms: (v, d) => (v === 0 ? number(0, d) + ' ms' : scaled(v / 1000, d, TIME, ' s')),
  bytes: (v, d) => scaled(v, d, IEC, ' B'),
  decbytes: (v, d) => scaled(v, d, SI_BYTES, ' B'),
  reqps: (v, d) => scaled(v, d, SHORT, '') + ' req/s',
  ops: (v, d) => scaled(v, d, SHORT, '') + ' ops/s',
  currencyUSD: (v, d) => (v < 0 ? '-$' : '$') + scaled(Math.abs(v), d, SHORT, ''),
  currencyEUR: (v, d) => (v < 0 ? '-€' : '€') + scaled(Math.abs(v), d, SHORT, ''),
};

/** The Grafana unit ids the renderer formats (dashboards/SUPPORTED.md). */
export const UNITS = Object.keys(UNIT_FORMATS);

/** `value` with `unit` (default "short") and `decimals` (default automatic); "No data" for null. */
export function formatValue(value, unit, decimals) {
  if (value === null || value === undefined) return 'No data';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return (UNIT_FORMATS[unit ?? 'short'] ?? UNIT_FORMATS.short)(value, decimals);
}
