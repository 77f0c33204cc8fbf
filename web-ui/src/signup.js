import { curlSnippet, loadEndpoints, queryCurlSnippet, statsdSnippet } from './lib/snippets.js';

const form = document.getElementById('signup-form');
const error = document.getElementById('signup-error');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  const body = Object.fromEntries(new FormData(form).entries());
  if (!body.tenant) delete body.tenant;
  const response = await fetch('/api/signup', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    error.textContent = `${answer.detail ?? answer.title ?? 'Sign-up failed'} (${answer.id ?? response.status})`;
    return;
  }
  await showKey(answer.ingestKey);
});

async function showKey(key) {
  document.getElementById('ingest-key').textContent = key;
  const ep = await loadEndpoints().catch(() => null);
  if (ep) {
    document.getElementById('snippet-curl').textContent = curlSnippet(ep.ingest, key);
    document.getElementById('snippet-statsd').textContent = statsdSnippet(ep.statsdHost, ep.statsdPort, key);
    document.getElementById('snippet-query').textContent = queryCurlSnippet(ep.query, key);
  }
  document.getElementById('copy-key').onclick = () => navigator.clipboard?.writeText(key);
  document.getElementById('signup-panel').classList.add('hidden');
  document.getElementById('key-panel').classList.remove('hidden');
}
