// The subset of Grafana's dashboard model this UI renders (dashboards/SUPPORTED.md is the same table for people).
// `unsupportedFields` lists every field of a dashboard outside it: the build fails on any in dashboards/, and the UI
// names them above a tenant's imported dashboard instead of ignoring them silently. Pure.
import { UNITS } from './format.js';

const ANY = 'any';
const oneOf = (...values) => ({ oneOf: values });
const each = (spec) => ({ each: spec });
// Accepted for compatibility with Grafana's exports, without effect on the rendering.
const IGNORED = 'ignored';

const DATASOURCE = { type: oneOf('prometheus'), uid: ANY };
const LINK = { title: ANY, url: ANY, targetBlank: ANY };

const TARGET = {
  refId: ANY,
  expr: ANY,
  legendFormat: ANY,
  instant: ANY,
  range: ANY,
  format: oneOf('time_series', 'table'),
  hide: ANY,
  datasource: DATASOURCE,
  editorMode: IGNORED,
  exemplar: IGNORED,
  interval: IGNORED,
};

const FIELD_DEFAULTS = {
  unit: oneOf(...UNITS),
  decimals: ANY,
  min: ANY,
  max: ANY,
  thresholds: { mode: oneOf('absolute', 'percentage'), steps: each({ color: ANY, value: ANY }) },
  color: { mode: oneOf('thresholds', 'palette-classic', 'fixed'), fixedColor: ANY },
  links: each(LINK),
};

const PANEL = {
  id: ANY,
  type: oneOf('timeseries', 'stat', 'gauge', 'bargauge', 'table'),
  title: ANY,
  description: ANY,
  gridPos: { x: ANY, y: ANY, w: ANY, h: ANY },
  datasource: DATASOURCE,
  targets: each(TARGET),
  maxDataPoints: ANY,
  fieldConfig: { defaults: FIELD_DEFAULTS, overrides: { empty: true } },
  options: {
    reduceOptions: {
      calcs: each(oneOf('lastNotNull', 'last', 'mean', 'max', 'min')),
      fields: IGNORED,
      values: IGNORED,
    },
    legend: { showLegend: ANY, displayMode: oneOf('list', 'hidden'), placement: oneOf('bottom') },
    graphMode: oneOf('none', 'area'),
    colorMode: oneOf('value', 'background', 'none'),
    orientation: oneOf('auto', 'horizontal'),
    showThresholdMarkers: IGNORED,
    tooltip: IGNORED,
  },
  links: each(LINK),
  pluginVersion: IGNORED,
};

const VARIABLE = {
  name: ANY,
  label: ANY,
  type: oneOf('query', 'custom', 'datasource'),
  query: ANY,
  definition: ANY,
  datasource: DATASOURCE,
  includeAll: ANY,
  multi: ANY,
  allValue: ANY,
  current: { text: ANY, value: ANY, selected: IGNORED },
  options: IGNORED,
  refresh: oneOf(0, 1, 2),
  hide: oneOf(0, 1, 2),
};

/** The supported dashboard model: each field's spec (ANY, IGNORED, oneOf, each, empty, or a nested object). */
export const DASHBOARD = {
  id: IGNORED,
  uid: ANY,
  title: ANY,
  description: ANY,
  tags: ANY,
  schemaVersion: ANY,
  version: ANY,
  refresh: ANY,
  time: { from: ANY, to: ANY },
  timepicker: { refresh_intervals: ANY },
  templating: { list: each(VARIABLE) },
  panels: each(PANEL),
  links: each({ title: ANY, type: oneOf('link'), url: ANY, keepTime: ANY, includeVars: ANY, targetBlank: ANY }),
  editable: IGNORED,
  graphTooltip: IGNORED,
  annotations: IGNORED,
  fiscalYearStartMonth: IGNORED,
  liveNow: IGNORED,
  weekStart: IGNORED,
  timezone: IGNORED,
};

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function walk(value, spec, path, out) {
  if (spec === ANY || spec === IGNORED) return;
  if (spec.oneOf) {
    if (!spec.oneOf.includes(value)) out.push(`${path} = ${JSON.stringify(value)}`);
    return;
  }
  if (spec.each) {
    if (!Array.isArray(value)) out.push(`${path} (not a list)`);
    else value.forEach((item, i) => walk(item, spec.each, `${path}[${i}]`, out));
    return;
  }
  if (spec.empty) {
    if (Array.isArray(value) && value.length > 0) out.push(`${path} (not supported unless empty)`);
    return;
  }
  if (!isObject(value)) {
    out.push(`${path} (not an object)`);
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (!Object.hasOwn(spec, key)) out.push(childPath);
    else walk(child, spec[key], childPath, out);
  }
}

/** Every field of `dashboard` the renderer does not support, as a path (with the value, for an unsupported value). */
export function unsupportedFields(dashboard) {
  const out = [];
  walk(dashboard, DASHBOARD, '', out);
  return out;
}

/** Every supported field path (`panels[].type`), with whether it is rendered or only accepted: for SUPPORTED.md. */
export function supportedPaths(spec = DASHBOARD, prefix = '') {
  const out = [];
  for (const [key, child] of Object.entries(spec)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const inner = child.each ?? child;
    if (child === ANY || child === IGNORED || child.oneOf || child.empty || inner.oneOf || inner === ANY) {
      out.push({
        path: child.each ? `${path}[]` : path,
        ignored: child === IGNORED,
        values: child.oneOf ?? inner.oneOf ?? null,
      });
    } else {
      out.push(...supportedPaths(inner, child.each ? `${path}[]` : path));
    }
  }
  return out;
}
