import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pointCount, rangeParams, seriesLabel } from '../src/lib/prom.js';
import { curlSnippet, loadEndpoints, statsdSnippet } from '../src/lib/snippets.js';

test('range is aligned to the step and ends at the current second', () => {
  assert.deepEqual(rangeParams(1_700_000_000_900, 300, 1), { start: 1_699_999_700, end: 1_700_000_000, step: 1 });
});

test('series label hides __name__ and tenant', () => {
  assert.equal(
    seriesLabel({ __name__: 'x', tenant: 'acme', instance: 'i-2', region: 'eu' }),
    'instance=i-2, region=eu',
  );
  assert.equal(seriesLabel({ __name__: 'x', tenant: 'acme' }), 'x');
});

test('points are counted over every series, gaps excluded', () => {
  assert.equal(
    pointCount([
      [100, 101, 102],
      [1, null, 3],
      [null, null, 4],
    ]),
    3,
  );
});

test('snippets carry the key where each client sends it', () => {
  const key = 'pbk_' + 'a'.repeat(40);
  assert.match(curlSnippet('http://h:19081', key), /Authorization: Bearer pbk_a{40}/);
  assert.match(statsdSnippet('h', 19125, key), new RegExp(`"${key}\\.user_sessions_active:17\\|g`));
});

test('endpoints come from GET /api/config', async () => {
  const calls = [];
  const fakeFetch = async (url) => {
    calls.push(url);
    return {
      ok: true,
      json: async () => ({
        ingestUrl: 'https://in.example',
        queryUrl: 'https://q.example',
        statsd: { host: 'udp.example', port: 8125 },
      }),
    };
  };
  assert.deepEqual(await loadEndpoints(fakeFetch), {
    ingest: 'https://in.example',
    query: 'https://q.example',
    statsdHost: 'udp.example',
    statsdPort: 8125,
  });
  assert.deepEqual(calls, ['/api/config']);
});
