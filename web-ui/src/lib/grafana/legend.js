// Series names: a target's legendFormat ("{{instance}} {{status}}") or, without one, the series' labels. Pure.
import { seriesLabel } from '../prom.js';

/** The name of a series in the legend: `legendFormat` with `{{label}}` filled in, or its labels without it. */
export function legendLabel(metric, legendFormat) {
  if (!legendFormat || legendFormat === '__auto') return seriesLabel(metric);
  return legendFormat.replace(/\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_, name) => metric[name] ?? '');
}
