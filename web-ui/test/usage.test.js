import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRate, limitEntries } from '../src/lib/usage.js';

test('rates keep one decimal below 100 and none above, with thousands separators', () => {
  assert.equal(formatRate(0), '0 samples/s');
  assert.equal(formatRate(12.46), '12.5 samples/s');
  assert.equal(formatRate(1234.4), '1,234 samples/s');
});

test('limits are listed by name, lists joined', () => {
  assert.deepEqual(limitEntries({ max_active_series: 10000, histogram_buckets: [0.1, 1], ingest_rate: 50 }), [
    ['histogram_buckets', '0.1, 1'],
    ['ingest_rate', '50'],
    ['max_active_series', '10000'],
  ]);
  assert.deepEqual(limitEntries(undefined), []);
});
