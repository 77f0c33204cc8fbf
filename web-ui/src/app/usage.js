import { api, describe } from '/lib/api.js';
import { el } from '/lib/dom.js';
import { pageHeader } from '/lib/header.js';
import { formatRate, limitEntries } from '/lib/usage.js';

// The organisation's usage against its limits (GET /api/usage, GET /api/limits), refreshed every 10 s.
const $ = (id) => document.getElementById(id);
const REFRESH_MS = 10_000;

async function loadUsage() {
  const usage = await api('/api/usage');
  $('plan').textContent = usage.plan;
  $('ingest-rate').textContent = formatRate(usage.ingestRate.current);
  $('ingest-limit').textContent =
    usage.ingestRate.limit === null ? 'no rate limit' : `limit ${formatRate(usage.ingestRate.limit)}`;
  $('accepted').textContent = usage.acceptedInWindow.toLocaleString('en');
  const rows = usage.discarded.map((d) => {
    const tr = el('tr');
    tr.dataset.reason = d.reason;
    tr.append(
      el('td', {}, d.stage),
      el('td', {}, el('code', {}, d.reason)),
      el('td', {}, d.samples.toLocaleString('en')),
    );
    return tr;
  });
  $('discarded').tBodies[0].replaceChildren(...rows);
  $('no-discards').classList.toggle('hidden', rows.length > 0);
}

async function loadLimits() {
  const limits = await api('/api/limits');
  const rows = limitEntries(limits.limits).map(([name, value]) => {
    const tr = el('tr');
    tr.dataset.limit = name;
    tr.append(el('td', {}, name), el('td', {}, value));
    return tr;
  });
  $('limits').tBodies[0].replaceChildren(...rows);
  $('no-limits').classList.toggle('hidden', rows.length > 0);
}

async function refresh() {
  try {
    await loadUsage();
    $('usage-error').textContent = '';
  } catch (e) {
    $('usage-error').textContent = describe(e);
  }
}

async function start() {
  await pageHeader();
  await Promise.all([refresh(), loadLimits().catch((e) => ($('usage-error').textContent = describe(e)))]);
  setInterval(refresh, REFRESH_MS);
}

start().catch((e) => {
  $('usage-error').textContent = describe(e);
});
