import { api, describe } from '/lib/api.js';
import { el } from '/lib/dom.js';
import { pageHeader } from '/lib/header.js';
import { curlSnippet, loadEndpoints, queryCurlSnippet } from '/lib/snippets.js';

// The organisation's keys: list by prefix, create with an optional name and scopes (the key shown once), revoke.
const $ = (id) => document.getElementById(id);

const cell = (...children) => el('td', {}, ...children);

async function load() {
  const keys = await api('/api/keys');
  $('keys').tBodies[0].replaceChildren(
    ...keys.map((key) => {
      const tr = document.createElement('tr');
      tr.dataset.prefix = key.prefix;
      const actions = [];
      if (!key.revokedAt) {
        const revoke = el('button', { type: 'button', class: 'secondary small' }, 'Revoke');
        revoke.addEventListener('click', async () => {
          if (!window.confirm(`Revoke ${key.prefix}…? Everything using it stops working.`)) return;
          try {
            await api(`/api/keys/${key.id}`, { method: 'DELETE' });
            await load();
          } catch (e) {
            $('list-error').textContent = describe(e);
          }
        });
        actions.push(revoke);
      }
      tr.append(
        cell(key.prefix),
        cell(key.name ?? ''),
        cell(key.scopes.join(', ')),
        cell(new Date(key.createdAt).toLocaleString()),
        cell(key.createdBy ?? ''),
        // reported to the minute: shown to the minute, so it never looks older than the key
        cell(
          key.lastUsedAt
            ? new Date(key.lastUsedAt).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })
            : 'never',
        ),
        cell(key.revokedAt ? `revoked ${new Date(key.revokedAt).toLocaleString()}` : 'active'),
        cell(...actions),
      );
      return tr;
    }),
  );
}

$('create').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('create-error').textContent = '';
  const scopes = ['scope-ingest', 'scope-read'].filter((id) => $(id).checked).map((id) => $(id).value);
  try {
    const name = $('key-name').value.trim();
    const issued = await api('/api/keys', { method: 'POST', body: name ? { scopes, name } : { scopes } });
    const endpoints = await loadEndpoints();
    $('created-key').textContent = issued.key;
    $('created-snippet').textContent = [
      issued.scopes.includes('ingest') ? curlSnippet(endpoints.ingest, issued.key) : null,
      issued.scopes.includes('read') ? queryCurlSnippet(endpoints.query, issued.key) : null,
      issued.scopes.includes('read')
        ? `# Grafana: a Prometheus data source with URL ${endpoints.query}\n# and the HTTP header Authorization: Bearer <this key>`
        : null,
    ]
      .filter(Boolean)
      .join('\n\n');
    $('created').classList.remove('hidden');
    $('key-name').value = '';
    await load();
  } catch (e) {
    $('create-error').textContent = describe(e);
  }
});

async function start() {
  await pageHeader();
  await load();
}

start().catch((e) => {
  $('list-error').textContent = e.message;
});
