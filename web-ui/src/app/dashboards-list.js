// The organisation's dashboards and the reference ones, with export, delete and import.
import { api, describe } from '/lib/api.js';
import { el } from '/lib/dom.js';
import { pageHeader } from '/lib/header.js';
import { exportDashboard, importDashboard, loadDashboard, referenceDashboards } from '/lib/grafana/store.js';

const $ = (id) => document.getElementById(id);

const cell = (...children) => el('td', {}, ...children);

function button(text, onClick) {
  const b = el('button', { type: 'button', class: 'secondary small' }, text);
  b.addEventListener('click', onClick);
  return b;
}

async function list() {
  const [own, reference] = await Promise.all([api('/api/dashboards'), referenceDashboards()]);
  const ownUids = new Set(own.map((d) => d.uid));
  const rows = [
    ...own.map((d) => ({
      ...d,
      source: reference.some((r) => r.uid === d.uid) ? 'yours (replaces reference)' : 'yours',
      own: true,
    })),
    ...reference.filter((d) => !ownUids.has(d.uid)).map((d) => ({ ...d, source: 'reference', own: false })),
  ];
  $('dashboards').tBodies[0].replaceChildren(
    ...rows.map((d) => {
      const tr = document.createElement('tr');
      tr.dataset.uid = d.uid;
      const link = document.createElement('a');
      link.href = `/app/dashboard.html?uid=${encodeURIComponent(d.uid)}`;
      link.textContent = d.title;
      const actions = [button('Export', async () => exportDashboard((await loadDashboard(d.uid)).model))];
      if (d.own) {
        actions.push(
          button('Delete', async () => {
            if (!confirm(`Delete "${d.title}"?`)) return;
            await api(`/api/dashboards/${encodeURIComponent(d.uid)}`, { method: 'DELETE' });
            await list();
          }),
        );
      }
      tr.append(
        cell(link),
        cell(d.uid),
        cell(d.own ? `${d.source}, v${d.version}` : d.source),
        cell((d.tags ?? []).join(', ')),
        cell(...actions),
      );
      return tr;
    }),
  );
}

// A new dashboard starts as one empty time series panel, to be filled in in its JSON editor.
$('new-dashboard').addEventListener('click', async () => {
  try {
    const saved = await importDashboard(
      JSON.stringify({
        title: `New dashboard ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`,
        schemaVersion: 39,
        refresh: '1s',
        time: { from: 'now-15m', to: 'now' },
        panels: [
          {
            id: 1,
            type: 'timeseries',
            title: 'New panel',
            gridPos: { x: 0, y: 0, w: 12, h: 8 },
            targets: [
              { refId: 'A', expr: 'sum by (instance) (rate(http_requests_total[1m]))', legendFormat: '{{instance}}' },
            ],
            fieldConfig: { defaults: { unit: 'short' }, overrides: [] },
          },
        ],
      }),
      false,
    );
    location.href = `/app/dashboard.html?uid=${encodeURIComponent(saved.uid)}`;
  } catch (err) {
    $('list-error').textContent = describe(err);
  }
});

$('import-file').addEventListener('change', async (e) => {
  const file = e.target.files?.[0];
  if (file) $('import-json').value = await file.text();
});

$('import').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('import-error').textContent = '';
  try {
    const saved = await importDashboard($('import-json').value, $('import-overwrite').checked);
    location.href = `/app/dashboard.html?uid=${encodeURIComponent(saved.uid)}`;
  } catch (err) {
    $('import-error').textContent = describe(err);
  }
});

async function start() {
  await pageHeader();
  await list();
}

start().catch((e) => {
  $('list-error').textContent = e.message;
});
