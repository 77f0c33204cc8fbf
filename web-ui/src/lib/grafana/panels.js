// Drawing the five supported panel types into a panel's body element. DOM code, checked by the browser tests; the
// arithmetic it uses (formatting, thresholds, reduction, links) lives in the pure modules next to it.
import uPlot from '/vendor/uPlot.esm.js';
import { el } from '../dom.js';
import { formatValue } from './format.js';
import { linkUrl } from './links.js';
import { reduceSeries } from './reduce.js';
import { tableColumns } from './series.js';
import { cssColor, thresholdColor } from './thresholds.js';

const PALETTE = ['#73bf69', '#f2cc0c', '#8ab8ff', '#ff780a', '#f2495c', '#5794f2', '#b877d9', '#fade2a', '#56a64b'];

const svg = (tag, attrs) => {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
};

/** The series' name, as a link to the panel's first data link (drill-down) when the panel has one. */
function seriesName(name, labels, ctx) {
  const link = ctx.defaults.links?.[0];
  if (!link) return el('span', { class: 'series-name' }, name);
  const a = el('a', {
    class: 'series-name drill',
    href: linkUrl(link.url, { labels, range: ctx.range, variables: ctx.variables }),
    title: link.title,
  });
  if (link.targetBlank) a.target = '_blank';
  a.append(name);
  return a;
}

function colorOf(value, ctx, index) {
  const d = ctx.defaults;
  if (d.color?.mode === 'fixed' && d.color.fixedColor) return cssColor(d.color.fixedColor);
  if (d.color?.mode === 'palette-classic') return PALETTE[index % PALETTE.length];
  return thresholdColor(value, d.thresholds, d.min ?? 0, d.max ?? 100) ?? PALETTE[index % PALETTE.length];
}

const fmt = (value, ctx) => formatValue(value, ctx.defaults.unit, ctx.defaults.decimals);

/** A time series chart (uPlot) above a legend of the series' last values; the chart is kept between refreshes. */
function timeseries(body, { xs, series }, ctx, state) {
  const key = series.map((s) => s.name).join('\u0000');
  const legendShown = ctx.options.legend?.showLegend !== false && ctx.options.legend?.displayMode !== 'hidden';
  const legend = legendShown ? el('ul', { class: 'legend' }) : null;
  if (legend) {
    legend.append(
      ...series.map((s, i) =>
        el(
          'li',
          {},
          el('span', { class: 'swatch', style: { background: PALETTE[i % PALETTE.length] } }),
          seriesName(s.name, s.labels, ctx),
          el('span', { class: 'muted' }, ` ${fmt(reduceSeries(s.ys, ['lastNotNull']), ctx)}`),
        ),
      ),
    );
  }
  if (state.legend) state.legend.replaceWith(legend ?? '');
  else if (legend) body.append(legend);
  state.legend = legend;
  const width = Math.max(200, body.clientWidth);
  const height = Math.max(60, body.clientHeight - (legend?.offsetHeight ?? 0) - 6);
  const data = [xs, ...series.map((s) => s.ys)];
  if (state.plot && state.key === key && state.width === width && state.height === height) {
    state.plot.setData(data);
    return;
  }
  state.plot?.destroy();
  const d = ctx.defaults;
  const chart = el('div');
  body.prepend(chart);
  state.plot = new uPlot(
    {
      width,
      height,
      legend: { show: false },
      scales: { y: { range: (u, min, max) => [d.min ?? min, d.max ?? (max === min ? max + 1 : max)] } },
      series: [{}, ...series.map((s, i) => ({ label: s.name, stroke: PALETTE[i % PALETTE.length], width: 1.5 }))],
      axes: [
        { stroke: '#8b98a5', grid: { stroke: '#263241' }, space: 70 },
        { stroke: '#8b98a5', grid: { stroke: '#263241' }, size: 70, values: (u, vals) => vals.map((v) => fmt(v, ctx)) },
      ],
    },
    data,
    chart,
  );
  state.chart?.remove();
  Object.assign(state, { key, width, height, chart });
}

function sparkline(ys, color) {
  const present = ys.map((y, i) => [i, y]).filter(([, y]) => y !== null);
  if (present.length < 2) return null;
  const lo = Math.min(...present.map(([, y]) => y));
  const hi = Math.max(...present.map(([, y]) => y));
  const points = present.map(([i, y]) => `${(i / (ys.length - 1)) * 100},${30 - ((y - lo) / (hi - lo || 1)) * 28}`);
  const chart = svg('svg', { class: 'sparkline', viewBox: '0 0 100 30', preserveAspectRatio: 'none' });
  chart.append(
    svg('polyline', {
      points: points.join(' '),
      fill: 'none',
      stroke: color,
      'stroke-width': 1.5,
      'vector-effect': 'non-scaling-stroke',
    }),
  );
  return chart;
}

/** One big value per series, coloured by the thresholds, with a sparkline unless graphMode is "none". */
function stat(body, { series }, ctx) {
  body.replaceChildren(
    ...series.map((s, i) => {
      const value = reduceSeries(s.ys, ctx.options.reduceOptions?.calcs);
      const color = colorOf(value, ctx, i);
      const mode = ctx.options.colorMode ?? 'value';
      const cell = el('div', { class: 'stat', 'data-value': String(value) });
      if (mode === 'background') cell.style.background = color;
      cell.append(el('div', { class: 'stat-value', style: { color: mode === 'value' ? color : '' } }, fmt(value, ctx)));
      if (series.length > 1 || s.name !== (s.labels.__name__ ?? 'value'))
        cell.append(seriesName(s.name, s.labels, ctx));
      const line = ctx.options.graphMode === 'none' ? null : sparkline(s.ys, color);
      if (line) cell.append(line);
      return cell;
    }),
  );
}

/** A half-ring gauge per series between min and max (default 0-100). */
function gauge(body, { series }, ctx) {
  const min = ctx.defaults.min ?? 0;
  const max = ctx.defaults.max ?? 100;
  body.replaceChildren(
    ...series.map((s, i) => {
      const value = reduceSeries(s.ys, ctx.options.reduceOptions?.calcs);
      const share = value === null ? 0 : Math.max(0, Math.min(1, (value - min) / (max - min || 1)));
      const color = colorOf(value, ctx, i);
      const arc = (to) => {
        const a = Math.PI * (1 - to);
        return `M 10 50 A 40 40 0 0 1 ${50 + 40 * Math.cos(a)} ${50 - 40 * Math.sin(a)}`;
      };
      const dial = svg('svg', { viewBox: '0 0 100 60', class: 'gauge-dial' });
      dial.append(svg('path', { d: arc(1), stroke: '#263241', 'stroke-width': 9, fill: 'none' }));
      if (share > 0) dial.append(svg('path', { d: arc(share), stroke: color, 'stroke-width': 9, fill: 'none' }));
      const text = svg('text', { x: 50, y: 48, 'text-anchor': 'middle', fill: color, 'font-size': 13 });
      text.textContent = fmt(value, ctx);
      dial.append(text);
      return el('div', { class: 'gauge', 'data-value': String(value) }, dial, seriesName(s.name, s.labels, ctx));
    }),
  );
}

/** A horizontal bar per series, scaled to max (default: the largest value). */
function bargauge(body, { series }, ctx) {
  const values = series.map((s) => reduceSeries(s.ys, ctx.options.reduceOptions?.calcs));
  const min = ctx.defaults.min ?? 0;
  const max = ctx.defaults.max ?? Math.max(0, ...values.filter((v) => v !== null));
  body.replaceChildren(
    ...series.map((s, i) => {
      const value = values[i];
      const share = value === null ? 0 : Math.max(0, Math.min(1, (value - min) / (max - min || 1)));
      const color = colorOf(value, ctx, i);
      return el(
        'div',
        { class: 'bar-row', 'data-value': String(value) },
        seriesName(s.name, s.labels, ctx),
        el(
          'div',
          { class: 'bar' },
          el('div', { class: 'bar-fill', style: { width: `${share * 100}%`, background: color } }),
        ),
        el('span', { class: 'bar-value', style: { color } }, fmt(value, ctx)),
      );
    }),
  );
}

/** One row per series of an instant query: its labels as columns, then the value. */
function table(body, rows, ctx) {
  const columns = tableColumns(rows);
  const head = el(
    'tr',
    {},
    ...columns.map((c) => el('th', {}, c === '__name__' ? 'metric' : c)),
    el('th', {}, 'Value'),
  );
  const lines = rows.map((row) =>
    el(
      'tr',
      {},
      ...columns.map((c, j) =>
        el(
          'td',
          {},
          j === 0 && ctx.defaults.links?.length
            ? seriesName(row.labels[c] ?? '', row.labels, ctx)
            : (row.labels[c] ?? ''),
        ),
      ),
      el(
        'td',
        {
          style: {
            color:
              thresholdColor(row.value, ctx.defaults.thresholds, ctx.defaults.min ?? 0, ctx.defaults.max ?? 100) ?? '',
          },
        },
        fmt(row.value, ctx),
      ),
    ),
  );
  body.replaceChildren(
    rows.length
      ? el('table', { class: 'data' }, el('thead', {}, head), el('tbody', {}, ...lines))
      : el('p', { class: 'muted' }, 'No rows'),
  );
}

/** Draws `data` (aligned series, or table rows for a table) of a panel of type `type`. */
export function drawPanel(type, body, data, ctx, state) {
  switch (type) {
    case 'timeseries':
      return timeseries(body, data, ctx, state);
    case 'stat':
      return stat(body, data, ctx);
    case 'gauge':
      return gauge(body, data, ctx);
    case 'bargauge':
      return bargauge(body, data, ctx);
    case 'table':
      return table(body, data, ctx);
    default:
      body.replaceChildren(
        el('p', { class: 'error' }, `panel type "${type}" is not supported (dashboards/SUPPORTED.md)`),
      );
  }
}
