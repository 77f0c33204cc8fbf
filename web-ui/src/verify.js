import { curlSnippet, loadEndpoints, queryCurlSnippet, statsdSnippet } from './lib/snippets.js';

// Public sign-up, step 2: the link mailed to the owner's address carries the token in the fragment (never sent to a
// server log). The page shows what is being signed up, takes the password, and shows the first key once.
const token = decodeURIComponent(location.hash.slice(1));
const $ = (id) => document.getElementById(id);
const error = $('verify-error');

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return { response, answer: await response.json().catch(() => ({})) };
}

function problem({ response, answer }) {
  return `${answer.detail ?? answer.title ?? 'Failed'} (${answer.id ?? response.status})`;
}

async function lookup() {
  if (!token) {
    $('verify-summary').textContent = 'This page needs the link from your sign-up e-mail.';
    return;
  }
  const reply = await post('/api/signup/lookup', { token });
  if (!reply.response.ok) {
    $('verify-summary').textContent = '';
    error.textContent = problem(reply);
    return;
  }
  const { organization, tenant, email } = reply.answer;
  $('verify-summary').textContent = `${organization} (tenant id ${tenant}), owned by ${email}.`;
  $('verify-form').classList.remove('hidden');
}

$('verify-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  const body = { token, password: $('password').value };
  if ($('tenant').value) body.tenant = $('tenant').value;
  const reply = await post('/api/signup/complete', body);
  if (!reply.response.ok) {
    error.textContent = problem(reply);
    if (reply.answer.id === 'err-pb-tenant-exists') $('tenant-row').classList.remove('hidden');
    return;
  }
  await showKey(reply.answer.ingestKey);
});

async function showKey(key) {
  $('ingest-key').textContent = key;
  const ep = await loadEndpoints().catch(() => null);
  if (ep) {
    $('snippet-curl').textContent = curlSnippet(ep.ingest, key);
    $('snippet-statsd').textContent = statsdSnippet(ep.statsdHost, ep.statsdPort, key);
    $('snippet-query').textContent = queryCurlSnippet(ep.query, key);
  }
  $('copy-key').onclick = () => navigator.clipboard?.writeText(key);
  $('verify-panel').classList.add('hidden');
  $('key-panel').classList.remove('hidden');
}

lookup();
