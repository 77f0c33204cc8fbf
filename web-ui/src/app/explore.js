import uPlot from '/vendor/uPlot.esm.js';
import { api } from '/lib/api.js';
import { pageHeader } from '/lib/header.js';
import { alignSeries, newestTime } from '/lib/grafana/series.js';
import { pointCount, rangeParams } from '/lib/prom.js';

// Refreshes the chart every second from the tenant-service query proxy (tenant taken from the login session).
const REFRESH_MS = 1000;
const STALE_AFTER_S = 5;
const chartEl = document.getElementById('chart');
const statusEl = document.getElementById('status');
const errorEl = document.getElementById('query-error');
let plot = null;
let plotLabels = '';

function draw(labels, data) {
  const key = labels.join('|');
  if (!plot || key !== plotLabels) {
    plot?.destroy();
    plotLabels = key;
    plot = new uPlot(
      {
        width: chartEl.clientWidth || 1000,
        height: 360,
        series: [{}, ...labels.map((label, i) => ({ label, stroke: `hsl(${(i * 47) % 360} 70% 60%)`, width: 1.5 }))],
        axes: [{ stroke: '#8b98a5' }, { stroke: '#8b98a5' }],
      },
      data,
      chartEl,
    );
  } else {
    plot.setData(data);
  }
}

async function refresh() {
  const query = document.getElementById('query').value;
  const { start, end, step } = rangeParams(Date.now(), Number(document.getElementById('window').value), 1);
  try {
    const params = new URLSearchParams({ query, start, end, step });
    const body = await api(`/api/query_range?${params}`);
    const { xs, series } = alignSeries([{ target: {}, result: body.data.result }], start, end, step);
    const labels = series.map((s) => s.name);
    const data = [xs, ...series.map((s) => s.ys)];
    draw(labels, data);
    const points = pointCount(data);
    const newest = newestTime(xs, series);
    const age = newest === null ? null : Math.max(0, end - newest);
    chartEl.dataset.points = String(points);
    statusEl.textContent =
      newest === null
        ? 'no data in this window yet'
        : `${labels.length} series, ${points} points, newest ${age} s ago, updated ${new Date().toLocaleTimeString()}`;
    statusEl.className = newest !== null && age <= STALE_AFTER_S ? 'live' : 'stale';
    errorEl.textContent = '';
  } catch (e) {
    errorEl.textContent = e.message;
  }
}

async function start() {
  await pageHeader();
  await refresh();
  setInterval(refresh, REFRESH_MS);
}

start().catch((e) => {
  errorEl.textContent = e.message;
});
