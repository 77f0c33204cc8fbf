// api(): the chosen organisation goes with every request (X-Pulseboard-Organization), public calls go without it and
// without the redirect to the login.
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  api,
  chooseOrganization,
  chosenOrganization,
  describe,
  ORGANIZATION_KEY,
  publicApi,
  requestHeaders,
} from '../src/lib/api.js';

class MemoryStorage {
  #items = new Map();
  getItem(key) {
    return this.#items.has(key) ? this.#items.get(key) : null;
  }
  setItem(key, value) {
    this.#items.set(key, String(value));
  }
  removeItem(key) {
    this.#items.delete(key);
  }
}

let calls;
let answer;
const original = { fetch: globalThis.fetch, window: globalThis.window, localStorage: globalThis.localStorage };

beforeEach(() => {
  calls = [];
  answer = () => new Response(JSON.stringify({ ok: true }), { status: 200 });
  Object.defineProperty(globalThis, 'localStorage', { value: new MemoryStorage(), configurable: true });
  globalThis.window = { location: { href: '/app/members.html' } };
  globalThis.fetch = async (path, init) => {
    calls.push({ path, init });
    return answer();
  };
});

afterEach(() => {
  globalThis.fetch = original.fetch;
  globalThis.window = original.window;
  Object.defineProperty(globalThis, 'localStorage', { value: original.localStorage, configurable: true });
});

test('the chosen organisation is kept in localStorage under pulseboard.organization', () => {
  assert.equal(chosenOrganization(), null);
  chooseOrganization('acme');
  assert.equal(globalThis.localStorage.getItem(ORGANIZATION_KEY), 'acme');
  assert.equal(chosenOrganization(), 'acme');
  chooseOrganization(null);
  assert.equal(chosenOrganization(), null);
});

test('every request carries the chosen organisation, none when none is chosen', async () => {
  await api('/api/keys');
  assert.equal(calls[0].init.headers['X-Pulseboard-Organization'], undefined);
  chooseOrganization('acme');
  await api('/api/keys', { method: 'POST', body: { scopes: ['ingest'] } });
  assert.equal(calls[1].init.headers['X-Pulseboard-Organization'], 'acme');
  assert.equal(calls[1].init.headers['Content-Type'], 'application/json');
  assert.equal(calls[1].init.body, '{"scopes":["ingest"]}');
  await api('/api/invitations/accept', { method: 'POST', body: { token: 't' }, organization: null });
  assert.equal(calls[2].init.headers['X-Pulseboard-Organization'], undefined);
});

test('requestHeaders', () => {
  assert.deepEqual(requestHeaders(), { Accept: 'application/json', 'X-Requested-With': 'JavaScript' });
  assert.deepEqual(requestHeaders({ organization: 'acme', json: true }), {
    Accept: 'application/json',
    'X-Requested-With': 'JavaScript',
    'Content-Type': 'application/json',
    'X-Pulseboard-Organization': 'acme',
  });
});

test('an error answer throws its detail, id, field and status', async () => {
  answer = () =>
    new Response(
      JSON.stringify({
        title: 'Invalid sign-up request',
        detail: 'too short',
        id: 'err-pb-invalid-signup',
        field: 'password',
      }),
      { status: 400 },
    );
  await assert.rejects(api('/api/x'), (e) => {
    assert.equal(describe(e), 'too short (err-pb-invalid-signup)');
    assert.equal(e.field, 'password');
    assert.equal(e.status, 400);
    return true;
  });
});

test('a 401 sends a logged-in page to /app/; a public call throws it instead and sends no organisation', async () => {
  chooseOrganization('acme');
  answer = () => new Response('', { status: 401 });
  await assert.rejects(api('/api/me'), /session expired/);
  assert.equal(globalThis.window.location.href, '/app/');
  globalThis.window.location.href = '/invite.html';
  await assert.rejects(publicApi('/api/invitations/lookup', { method: 'POST', body: { token: 't' } }), (e) => {
    assert.equal(e.status, 401);
    return true;
  });
  assert.equal(globalThis.window.location.href, '/invite.html');
  assert.equal(calls.at(-1).init.headers['X-Pulseboard-Organization'], undefined);
});

test('204 answers null', async () => {
  answer = () => new Response(null, { status: 204 });
  assert.equal(await api('/api/members/u', { method: 'DELETE' }), null);
});
