// Build-time check of dashboards/: every field of every dashboard is one the renderer supports, and
// dashboards/SUPPORTED.md lists exactly the fields the renderer declares.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { supportedPaths, unsupportedFields } from '../src/lib/grafana/supported.js';

const DIR = join(import.meta.dirname, '..', '..', 'dashboards');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

test('dashboards/ holds the reference dashboards', () => {
  assert.ok(files.length >= 4, `only ${files.length} dashboards`);
});

for (const file of files) {
  test(`${file} uses only fields the renderer supports`, () => {
    assert.deepEqual(unsupportedFields(JSON.parse(readFileSync(join(DIR, file), 'utf8'))), []);
  });
}

test('an unsupported field, panel type or unit is reported with its path', () => {
  const dashboard = {
    title: 't',
    panels: [
      { id: 1, type: 'heatmap', targets: [{ expr: 'x', refId: 'A' }] },
      { id: 2, type: 'stat', fieldConfig: { defaults: { unit: 'lightyears', mappings: [] }, overrides: [{}] } },
    ],
    templating: { list: [{ name: 'v', type: 'interval' }] },
    panelsOfTheFuture: true,
  };
  assert.deepEqual(unsupportedFields(dashboard), [
    'panels[0].type = "heatmap"',
    'panels[1].fieldConfig.defaults.unit = "lightyears"',
    'panels[1].fieldConfig.defaults.mappings',
    'panels[1].fieldConfig.overrides (not supported unless empty)',
    'templating.list[0].type = "interval"',
    'panelsOfTheFuture',
  ]);
});

test('dashboards/SUPPORTED.md lists exactly the supported fields', () => {
  const doc = readFileSync(join(DIR, 'SUPPORTED.md'), 'utf8');
  const documented = [...doc.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]).sort();
  const declared = supportedPaths()
    .map((p) => p.path)
    .sort();
  assert.deepEqual(documented, declared);
});
