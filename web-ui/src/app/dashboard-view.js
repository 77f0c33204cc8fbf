// A Grafana dashboard (dashboards/SUPPORTED.md) rendered live: variables, time range and refresh in the URL, panels
// refreshed on the dashboard's interval through the tenant-service query proxy (the tenant comes from the session).
import { api, describe } from '/lib/api.js';
import { el } from '/lib/dom.js';
import { pageHeader } from '/lib/header.js';
import { dashboardLinkUrl, linkUrl } from '/lib/grafana/links.js';
import { drawPanel } from '/lib/grafana/panels.js';
import { alignSeries, instantRows, newestTime } from '/lib/grafana/series.js';
import { exportDashboard, loadDashboard, saveDashboard } from '/lib/grafana/store.js';
import { unsupportedFields } from '/lib/grafana/supported.js';
import {
  DEFAULT_REFRESH_INTERVALS,
  QUICK_RANGES,
  formatDuration,
  parseDuration,
  queryRange,
} from '/lib/grafana/time.js';
import {
  ALL,
  customOptions,
  interpolate,
  labelValuesFrom,
  labelValuesQuery,
  parseLabelValues,
  promqlValue,
  selectedValues,
  variableQuery,
} from '/lib/grafana/variables.js';

const ROW_PX = 30;
const GAP_PX = 8;
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const view = {
  model: null,
  source: null,
  from: null,
  to: null,
  refresh: null,
  variables: [],
  values: { selected: {}, promql: {} }, // variableState() of the current selection, computed once per change
  panels: [],
  timer: null,
};

/** Every variable's selected values by name (for links), and what `$name` stands for in PromQL. */
function variableState() {
  const selected = {};
  const promql = { datasource: 'prometheus' };
  for (const v of view.variables) {
    selected[v.def.name] = v.selected;
    promql[v.def.name] = promqlValue(v.def, v.selected, v.options);
  }
  return { selected, promql };
}

/** After the range or a variable changed: the values every panel refresh uses, the links, the URL. */
function selectionChanged() {
  view.values = variableState();
  updateLinks();
  syncUrl();
}

function syncUrl() {
  const next = new URLSearchParams({ uid: view.model.uid, from: view.from, to: view.to, refresh: view.refresh });
  for (const v of view.variables) for (const value of v.selected) next.append(`var-${v.def.name}`, value);
  history.replaceState(null, '', `${location.pathname}?${next}`);
}

async function variableOptions(def, promql) {
  if (def.type === 'custom') return customOptions(def);
  const parsed = parseLabelValues(interpolate(variableQuery(def), promql));
  if (!parsed) throw new Error(`variable ${def.name}: only label_values(...) queries are supported`);
  const body = await api(`/api/query?${new URLSearchParams({ query: labelValuesQuery(parsed) })}`);
  return labelValuesFrom(body.data.result, parsed.label).map((value) => ({ text: value, value }));
}

async function loadVariables() {
  view.variables = [];
  const bar = $('variables');
  bar.replaceChildren();
  for (const def of view.model.templating?.list ?? []) {
    if (def.type === 'datasource') continue; // the only datasource is the organisation's query API
    let options = [];
    let error = null;
    try {
      options = await variableOptions(def, variableState().promql);
    } catch (e) {
      error = e.message;
    }
    if (def.includeAll) options = [{ text: 'All', value: ALL }, ...options];
    const v = {
      def,
      options,
      selected: selectedValues(
        def,
        options.filter((o) => o.value !== ALL),
        params.getAll(`var-${def.name}`),
      ),
    };
    if (def.includeAll && v.selected[0] === ALL) v.selected = [ALL];
    view.variables.push(v);
    if (def.hide === 2) continue;
    const select = el('select', { id: `var-${def.name}`, 'data-variable': def.name });
    select.multiple = Boolean(def.multi);
    if (def.multi) select.size = Math.min(4, options.length);
    for (const o of options) {
      const option = el('option', { value: o.value }, o.text);
      option.selected = v.selected.includes(o.value);
      select.append(option);
    }
    select.addEventListener('change', () => {
      let chosen = [...select.selectedOptions].map((o) => o.value);
      if (chosen.includes(ALL) && chosen.length > 1)
        chosen = v.selected.includes(ALL) ? chosen.filter((c) => c !== ALL) : [ALL];
      v.selected = chosen.length ? chosen : def.includeAll ? [ALL] : options.slice(0, 1).map((o) => o.value);
      for (const option of select.options) option.selected = v.selected.includes(option.value);
      selectionChanged();
      refreshAll();
    });
    bar.append(el('label', { for: select.id }, def.label ?? def.name), select);
    if (error) bar.append(el('span', { class: 'error' }, error));
  }
}

function setStatus(p, state, text) {
  p.el.dataset.state = state;
  p.status.textContent = text;
  p.status.className = `panel-status ${state}`;
}

async function refreshPanel(p) {
  if (p.inFlight) {
    setStatus(p, 'behind', 'behind: the previous refresh has not answered yet');
    return;
  }
  p.inFlight = true;
  const began = performance.now();
  try {
    const def = p.def;
    const maxPoints = def.maxDataPoints ?? Math.min(1000, Math.max(100, Math.floor(p.body.clientWidth)));
    const range = queryRange(view.from, view.to, Date.now(), maxPoints);
    const { promql } = view.values;
    const values = {
      ...promql,
      __interval: formatDuration(range.step),
      __rate_interval: formatDuration(Math.max(4, range.step + 1)),
      __range: formatDuration(range.end - range.start),
      __range_s: String(range.end - range.start),
    };
    const instant = def.type === 'table' || def.targets?.some((t) => t.instant && !t.range);
    const targets = (def.targets ?? []).filter((t) => !t.hide && t.expr);
    const answers = await Promise.all(
      targets.map(async (target) => {
        const query = interpolate(target.expr, values);
        const body = instant
          ? await api(`/api/query?${new URLSearchParams({ query, time: range.end })}`)
          : await api(
              `/api/query_range?${new URLSearchParams({ query, start: range.start, end: range.end, step: range.step })}`,
            );
        return { target, result: body.data.result };
      }),
    );
    const ctx = {
      defaults: def.fieldConfig?.defaults ?? {},
      options: def.options ?? {},
      range: { from: view.from, to: view.to },
      variables: view.values.selected,
    };
    const data = instant ? instantRows(answers) : alignSeries(answers, range.start, range.end, range.step);
    drawPanel(def.type, p.body, data, ctx, p.state);
    const count = instant ? data.length : data.series.length;
    const newest = instant ? null : newestTime(data.xs, data.series);
    p.refreshes += 1;
    Object.assign(p.el.dataset, {
      refreshes: String(p.refreshes),
      series: String(count),
      newest: String(newest ?? ''),
      queryMs: String(Math.round(performance.now() - began)),
    });
    const age = newest === null ? null : Math.max(0, Math.floor(Date.now() / 1000) - newest);
    if (count === 0) setStatus(p, 'nodata', 'no data');
    else if (age !== null && age > Math.max(5, 2 * range.step))
      setStatus(p, 'behind', `behind: newest point ${age} s old`);
    else setStatus(p, 'live', '');
  } catch (e) {
    setStatus(p, 'error', describe(e));
  } finally {
    p.inFlight = false;
  }
}

function refreshAll() {
  for (const p of view.panels) refreshPanel(p);
}

function restartTimer() {
  clearInterval(view.timer);
  const seconds = parseDuration(view.refresh);
  view.timer = seconds ? setInterval(refreshAll, seconds * 1000) : null;
}

function renderPanels() {
  const grid = $('panels');
  grid.replaceChildren();
  view.panels = (view.model.panels ?? []).map((def) => {
    const g = def.gridPos ?? { x: 0, y: 0, w: 12, h: 8 };
    const links = (def.links ?? []).map((link) => {
      const a = el('a', { class: 'panel-link' }, link.title ?? 'link');
      if (link.targetBlank) a.target = '_blank';
      return { link, a };
    });
    const status = el('span', { class: 'panel-status' });
    const body = el('div', { class: 'panel-body', style: { height: `${g.h * ROW_PX + (g.h - 1) * GAP_PX - 34}px` } });
    const node = el(
      'div',
      {
        class: 'gpanel',
        'data-panel-id': String(def.id ?? ''),
        'data-type': def.type,
        'data-refreshes': '0',
        style: { gridColumn: `${g.x + 1} / span ${g.w}`, gridRow: `${g.y + 1} / span ${g.h}` },
      },
      el(
        'div',
        { class: 'panel-head' },
        el('h3', { title: def.description ?? '' }, def.title ?? ''),
        status,
        ...links.map((l) => l.a),
      ),
      body,
    );
    grid.append(node);
    return { def, el: node, body, status, links, state: {}, refreshes: 0, inFlight: false };
  });
}

/** Title, source and the fields the renderer ignores: they change only with the model. */
function renderTitle() {
  const m = view.model;
  $('dashboard-title').textContent = m.title ?? m.uid;
  document.title = `Pulseboard — ${m.title ?? m.uid}`;
  $('dashboard-source').textContent = view.source === 'yours' ? `yours, version ${m.version ?? 1}` : 'reference';
  const unsupported = unsupportedFields(m);
  $('unsupported').classList.toggle('hidden', unsupported.length === 0);
  $('unsupported').textContent = unsupported.length
    ? `This renderer ignores ${unsupported.length} field(s) of this dashboard (dashboards/SUPPORTED.md): ${unsupported.slice(0, 12).join(', ')}${unsupported.length > 12 ? ', …' : ''}`
    : '';
}

/** The range and refresh choices. */
function renderControls() {
  const ranges = [...QUICK_RANGES];
  if (view.to !== 'now' || !ranges.some(([from]) => from === view.from))
    ranges.push([view.from, `${view.from} to ${view.to}`]);
  $('time-range').replaceChildren(
    ...ranges.map(([from, text]) =>
      Object.assign(el('option', { value: from }, text), { selected: from === view.from }),
    ),
  );
  const intervals = ['Off', ...(view.model.timepicker?.refresh_intervals ?? DEFAULT_REFRESH_INTERVALS)];
  if (!intervals.includes(view.refresh)) intervals.push(view.refresh);
  $('refresh').replaceChildren(
    ...intervals.map((i) => Object.assign(el('option', { value: i }, i), { selected: i === view.refresh })),
  );
}

/** Dashboard and panel links carry the current range and variables. */
function updateLinks() {
  const ctx = { range: { from: view.from, to: view.to }, variables: view.values.selected };
  $('dashboard-links').replaceChildren(
    ...(view.model.links ?? []).map((link) =>
      el('a', { class: 'dashboard-link', href: dashboardLinkUrl(link, ctx) }, link.title ?? link.url),
    ),
  );
  for (const p of view.panels) for (const { link, a } of p.links) a.href = linkUrl(link.url, ctx);
}

async function render() {
  clearInterval(view.timer);
  renderTitle();
  renderControls();
  await loadVariables();
  renderPanels();
  selectionChanged();
  refreshAll();
  restartTimer();
}

async function open(uid) {
  const { model, source } = await loadDashboard(uid);
  Object.assign(view, { model, source });
  view.from = params.get('from') ?? model.time?.from ?? 'now-15m';
  view.to = params.get('to') ?? model.time?.to ?? 'now';
  view.refresh = params.get('refresh') ?? model.refresh ?? 'Off';
  await render();
}

function wireControls() {
  $('time-range').addEventListener('change', (e) => {
    view.from = e.target.value;
    view.to = 'now';
    renderControls();
    selectionChanged();
    refreshAll();
  });
  $('refresh').addEventListener('change', (e) => {
    view.refresh = e.target.value;
    syncUrl();
    restartTimer();
  });
  $('edit-toggle').addEventListener('click', () => {
    $('dashboard-json').value = JSON.stringify(view.model, null, 2);
    $('save-status').textContent = '';
    $('editor').classList.toggle('hidden');
  });
  $('edit-cancel').addEventListener('click', () => $('editor').classList.add('hidden'));
  $('export').addEventListener('click', () => exportDashboard(view.model));
  $('save-dashboard').addEventListener('click', async () => {
    const statusEl = $('save-status');
    try {
      const edited = JSON.parse($('dashboard-json').value);
      if (edited.uid !== view.model.uid) throw new Error('the uid cannot change here: import the dashboard instead');
      const saved = await saveDashboard(edited, view.source);
      Object.assign(view, { model: saved, source: 'yours' });
      $('editor').classList.add('hidden');
      await render();
      $('save-status').textContent = `saved version ${saved.version}`;
    } catch (e) {
      statusEl.textContent = describe(e);
      statusEl.className = 'error';
    }
  });
}

async function start() {
  wireControls();
  await pageHeader();
  const uid = params.get('uid');
  if (!uid) {
    location.replace('/app/dashboards.html');
    return;
  }
  await open(uid);
}

start().catch((e) => {
  $('dashboard-error').textContent = e.message;
});
