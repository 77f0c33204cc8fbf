// Where a dashboard comes from: the organisation's own (tenant-service /api/dashboards, Grafana JSON stored per
// tenant) or one of the reference dashboards shipped with the UI (/dashboards/, the same files as dashboards/ in the
// repository). An organisation's dashboard with a reference dashboard's uid replaces it for that organisation.
import { api } from '../api.js';

async function fetchJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

/** The reference dashboards: `[{ uid, title, tags, file }]`. */
export function referenceDashboards() {
  return fetchJson('/dashboards/index.json');
}

/** `{ model, source }` of the dashboard `uid`: the organisation's own ("yours") first, then a reference one. */
export async function loadDashboard(uid) {
  try {
    return { model: await api(`/api/dashboards/${encodeURIComponent(uid)}`), source: 'yours' };
  } catch (e) {
    if (e.status !== 404) throw e;
  }
  const entry = (await referenceDashboards()).find((d) => d.uid === uid);
  if (!entry) throw new Error(`there is no dashboard "${uid}"`);
  return { model: await fetchJson(`/dashboards/${entry.file}`), source: 'reference' };
}

/**
 * Saves `model` for the organisation: an update of its own dashboard (refused with a version conflict if someone
 * saved it meanwhile), or, for a reference dashboard, the organisation's own copy under the same uid. Returns the
 * stored model (with its new version).
 */
export function saveDashboard(model, source) {
  if (source === 'yours') {
    return api(`/api/dashboards/${encodeURIComponent(model.uid)}`, { method: 'PUT', body: model });
  }
  const copy = { ...model };
  delete copy.version;
  return api('/api/dashboards', { method: 'POST', body: copy });
}

/** Imports a Grafana dashboard JSON text (a dashboard or Grafana's `{ dashboard: ... }` envelope). */
export function importDashboard(text, overwrite) {
  return api(`/api/dashboards${overwrite ? '?overwrite=true' : ''}`, { method: 'POST', body: text });
}

/** Offers `model` as a download named after its uid. */
export function exportDashboard(model) {
  const blob = new Blob([JSON.stringify(model, null, 2) + '\n'], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${model.uid ?? 'dashboard'}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
