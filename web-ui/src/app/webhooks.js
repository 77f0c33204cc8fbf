import { api, describe } from '/lib/api.js';
import { pageHeader } from '/lib/header.js';

// The tenant's webhook rules: list, create (URL and secret shown once), delete, and try one on a recorded payload.
const EXAMPLE_MAPPING = {
  when: { path: '$.type', equals: 'payment_intent.succeeded' },
  time: { path: '$.created', format: 'unix_s' },
  labels: { currency: '$.data.object.currency' },
  samples: [
    { name: 'payments_amount', type: 'counter', value: '$.data.object.amount_received', scale: 0.01 },
    { name: 'payments', type: 'counter', value: 1 },
  ],
};
const EXAMPLE_PAYLOAD = {
  type: 'payment_intent.succeeded',
  created: Math.floor(Date.now() / 1000),
  data: { object: { amount_received: 2499, currency: 'eur' } },
};

const $ = (id) => document.getElementById(id);

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

async function load() {
  const rules = await api('/api/webhooks');
  const body = $('rules').querySelector('tbody');
  body.replaceChildren();
  $('test-rule').replaceChildren();
  for (const rule of rules) {
    const tr = document.createElement('tr');
    tr.dataset.id = rule.id;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'secondary';
    remove.textContent = 'Delete';
    remove.addEventListener('click', async () => {
      if (!window.confirm(`Delete "${rule.name}"? Its URL stops working.`)) return;
      await api(`/api/webhooks/${rule.id}`, { method: 'DELETE' });
      await load();
    });
    const actions = document.createElement('td');
    actions.append(remove);
    tr.append(cell(rule.name), cell(rule.scheme), cell(rule.url), actions);
    body.append(tr);
    const option = document.createElement('option');
    option.value = rule.id;
    option.textContent = rule.name;
    $('test-rule').append(option);
  }
  $('no-rules').classList.toggle('hidden', rules.length > 0);
}

async function create(event) {
  event.preventDefault();
  $('create-error').textContent = '';
  let mapping;
  try {
    mapping = JSON.parse($('rule-mapping').value);
  } catch {
    $('create-error').textContent = 'The mapping is not JSON.';
    return;
  }
  const secret = $('rule-secret').value.trim();
  try {
    const created = await api('/api/webhooks', {
      method: 'POST',
      body: { name: $('rule-name').value, scheme: $('rule-scheme').value, secret: secret || undefined, mapping },
    });
    $('created-url').textContent = created.rule.url;
    $('created-secret').textContent = created.secret;
    $('created').classList.remove('hidden');
    await load();
    $('test-rule').value = created.rule.id;
  } catch (e) {
    $('create-error').textContent = describe(e);
  }
}

async function test() {
  $('test-error').textContent = '';
  const body = $('test-samples').querySelector('tbody');
  body.replaceChildren();
  try {
    const result = await api(`/api/webhooks/${$('test-rule').value}/test`, {
      method: 'POST',
      body: $('test-payload').value,
    });
    for (const s of result.samples) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${v}"`)
        .join(', ');
      const tr = document.createElement('tr');
      tr.append(
        cell(`${s.name} (${s.type})`),
        cell(labels),
        cell(String(s.value)),
        cell(new Date(s.timestampMs).toISOString()),
        cell(s.error ?? ''),
      );
      body.append(tr);
    }
    const notes = [...result.errors];
    if (result.skipped > 0) notes.push(`${result.skipped} item(s) skipped by "when"`);
    $('test-errors').textContent = notes.join('\n');
    $('test-errors').classList.toggle('hidden', notes.length === 0);
  } catch (e) {
    $('test-error').textContent = describe(e);
  }
}

async function start() {
  $('rule-mapping').value = JSON.stringify(EXAMPLE_MAPPING, null, 2);
  $('test-payload').value = JSON.stringify(EXAMPLE_PAYLOAD, null, 2);
  $('create').addEventListener('submit', create);
  $('test-run').addEventListener('click', test);
  await pageHeader();
  await load();
}

start().catch((e) => {
  $('create-error').textContent = e.message;
});
