import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatValue } from '../src/lib/grafana/format.js';
import { legendLabel } from '../src/lib/grafana/legend.js';
import { appUrl, dashboardLinkUrl, linkUrl } from '../src/lib/grafana/links.js';
import { reduceSeries } from '../src/lib/grafana/reduce.js';
import { alignSeries, instantRows, newestTime, tableColumns } from '../src/lib/grafana/series.js';
import { thresholdColor } from '../src/lib/grafana/thresholds.js';
import { formatDuration, parseDuration, queryRange, resolveTime, stepFor } from '../src/lib/grafana/time.js';
import {
  ALL,
  customOptions,
  interpolate,
  labelValuesFrom,
  labelValuesQuery,
  parseLabelValues,
  promqlValue,
  selectedValues,
} from '../src/lib/grafana/variables.js';

const NOW = 1_700_000_000_500;

test('times: now, now-<duration> and epoch milliseconds', () => {
  assert.equal(resolveTime('now', NOW), 1_700_000_000);
  assert.equal(resolveTime('now-1h', NOW), 1_700_000_000 - 3600);
  assert.equal(resolveTime('1699990000000', NOW), 1_699_990_000);
  assert.throws(() => resolveTime('now/d', NOW), /unsupported time/);
  assert.equal(parseDuration('5m'), 300);
  assert.equal(parseDuration('5x'), null);
  assert.equal(formatDuration(3600), '1h');
  assert.equal(formatDuration(90), '90s');
});

test('the step is the smallest nice one within the point budget, and the end is aligned to it', () => {
  assert.equal(stepFor(300, 600), 1);
  assert.equal(stepFor(3600, 600), 10);
  assert.equal(stepFor(86_400, 500), 300);
  const r = queryRange('now-1h', 'now', NOW, 600);
  assert.deepEqual(r, { start: 1_700_000_000 - 3600, end: 1_700_000_000, step: 10 });
  const r2 = queryRange('now-1h', 'now', NOW + 7000, 600);
  assert.equal(r2.end % 10, 0);
  assert.equal(r2.end - r2.start, 3600);
  assert.throws(() => queryRange('now', 'now-1h', NOW, 600), /ends/);
});

test('label_values queries, with and without a selector', () => {
  assert.deepEqual(parseLabelValues('label_values(cpu_usage_percent, instance)'), {
    selector: 'cpu_usage_percent',
    label: 'instance',
  });
  assert.deepEqual(parseLabelValues('label_values(up{job="a,b"}, region)'), {
    selector: 'up{job="a,b"}',
    label: 'region',
  });
  assert.deepEqual(parseLabelValues('label_values(region)'), { selector: null, label: 'region' });
  assert.equal(parseLabelValues('query_result(up)'), null);
  assert.equal(labelValuesQuery({ selector: 'up', label: 'instance' }), 'group by (instance) (up)');
  assert.equal(labelValuesQuery({ selector: null, label: 'region' }), 'group by (region) ({region!=""})');
  assert.deepEqual(
    labelValuesFrom(
      [{ metric: { instance: 'b' } }, { metric: { instance: 'a' } }, { metric: {} }, { metric: { instance: 'a' } }],
      'instance',
    ),
    ['a', 'b'],
  );
});

test('custom variables: comma-separated, "text : value" pairs, escaped commas', () => {
  assert.deepEqual(customOptions({ query: 'a, b\\,c ,Prod : prod-1' }), [
    { text: 'a', value: 'a' },
    { text: 'b,c', value: 'b,c' },
    { text: 'Prod', value: 'prod-1' },
  ]);
});

test('selected values: URL first, then current, then All or the first option; unknown values dropped', () => {
  const options = [{ value: 'a' }, { value: 'b' }];
  const multi = { multi: true, includeAll: true, current: { value: ALL } };
  assert.deepEqual(selectedValues(multi, options, ['b', 'zz']), ['b']);
  assert.deepEqual(selectedValues(multi, options, []), [ALL]);
  assert.deepEqual(selectedValues({ current: { value: 'b' } }, options, []), ['b']);
  assert.deepEqual(selectedValues({}, options, ['zz']), ['a']);
  assert.deepEqual(selectedValues({ multi: false }, options, ['a', 'b']), ['a']);
});

test('PromQL values: single as is, multi and All regex-escaped and joined, allValue respected', () => {
  const options = [{ value: 'web-1' }, { value: 'a.b' }];
  assert.equal(promqlValue({}, ['x.y'], options), 'x.y');
  assert.equal(promqlValue({ multi: true }, ['web-1', 'a.b'], options), '(web-1|a\\\\.b)');
  assert.equal(promqlValue({ includeAll: true }, [ALL], options), '(web-1|a\\\\.b)');
  assert.equal(promqlValue({ includeAll: true, allValue: '.*' }, [ALL], options), '.*');
  assert.equal(promqlValue({ multi: true }, ['c:\\d'], options), 'c:\\\\\\\\d');
});

test('interpolation: $name, ${name}, ${name:format}, [[name]]; unknown names left as written', () => {
  const values = { instance: 'web-1', __interval: '10s', v: (fmt) => `<${fmt}>` };
  assert.equal(
    interpolate(
      'rate(x{instance=~"$instance"}[$__interval]) + [[instance]] + ${instance} + ${v:queryparam} + $other',
      values,
    ),
    'rate(x{instance=~"web-1"}[10s]) + web-1 + web-1 + <queryparam> + $other',
  );
});

test('links: /d/<uid> maps onto the dashboard page; field labels, time range and variables are filled in', () => {
  assert.equal(appUrl('/d/pulseboard-ops/slug?var-a=1'), '/app/dashboard.html?uid=pulseboard-ops&var-a=1');
  assert.equal(appUrl('https://example.com/x'), 'https://example.com/x');
  assert.equal(appUrl('javascript:alert(1)'), '#');
  const ctx = {
    labels: { instance: 'web 1' },
    range: { from: 'now-1h', to: 'now' },
    variables: { region: ['eu', 'us'] },
  };
  assert.equal(
    linkUrl('/d/detail?var-instance=${__field.labels.instance}&${__url_time_range}&${region:queryparam}', ctx),
    '/app/dashboard.html?uid=detail&var-instance=web%201&from=now-1h&to=now&var-region=eu&var-region=us',
  );
  assert.equal(linkUrl('/d/x?${__all_variables}', ctx), '/app/dashboard.html?uid=x&var-region=eu&var-region=us');
  assert.equal(
    dashboardLinkUrl({ url: '/d/back', keepTime: true, includeVars: true }, ctx),
    '/app/dashboard.html?uid=back&from=now-1h&to=now&var-region=eu&var-region=us',
  );
});

test('units and decimals', () => {
  assert.equal(formatValue(1234, 'short'), '1.23 K');
  assert.equal(formatValue(1_500_000, 'short', 1), '1.5 Mil');
  assert.equal(formatValue(42, 'none'), '42');
  assert.equal(formatValue(12.345, 'percent', 1), '12.3%');
  assert.equal(formatValue(0.9876, 'percentunit', 2), '98.76%');
  assert.equal(formatValue(0.0123, 's'), '12.3 ms');
  assert.equal(formatValue(90, 's'), '1.5 min');
  assert.equal(formatValue(250, 'ms'), '250 ms');
  assert.equal(formatValue(2048, 'bytes'), '2 KiB');
  assert.equal(formatValue(150.5, 'reqps'), '151 req/s');
  assert.equal(formatValue(123456, 'currencyUSD'), '$123 K');
  assert.equal(formatValue(null, 'short'), 'No data');
  assert.equal(formatValue(Infinity, 'short'), '+Inf');
});

test('thresholds: absolute and percentage steps', () => {
  const thresholds = {
    mode: 'absolute',
    steps: [
      { color: 'green', value: null },
      { color: 'red', value: 90 },
    ],
  };
  assert.equal(thresholdColor(50, thresholds), '#73bf69');
  assert.equal(thresholdColor(95, thresholds), '#f2495c');
  assert.equal(thresholdColor(null, thresholds), null);
  const pct = {
    mode: 'percentage',
    steps: [
      { color: 'green', value: null },
      { color: '#123456', value: 50 },
    ],
  };
  assert.equal(thresholdColor(0.6, pct, 0, 1), '#123456');
  assert.equal(thresholdColor(0.4, pct, 0, 1), '#73bf69');
});

test('legend formats and reductions', () => {
  assert.equal(legendLabel({ instance: 'web-1', status: '500' }, '{{instance}} {{ status }}'), 'web-1 500');
  assert.equal(legendLabel({ __name__: 'up', tenant: 't', job: 'j' }, ''), 'job=j');
  assert.equal(reduceSeries([1, 2, null], undefined), 2);
  assert.equal(reduceSeries([1, 2, null], ['last']), null);
  assert.equal(reduceSeries([1, 3, null], ['mean']), 2);
  assert.equal(reduceSeries([1, 3, null], ['max']), 3);
  assert.equal(reduceSeries([], ['min']), null);
});

test('answers become aligned, named, naturally sorted series; instant answers rows', () => {
  const target = { legendFormat: '{{instance}}' };
  const { xs, series } = alignSeries(
    [
      {
        target,
        result: [
          { metric: { instance: 'web-10' }, values: [[100, '1']] },
          {
            metric: { instance: 'web-2' },
            values: [
              [101, '2'],
              [102, 'NaN'],
            ],
          },
        ],
      },
    ],
    100,
    102,
    1,
  );
  assert.deepEqual(xs, [100, 101, 102]);
  assert.deepEqual(
    series.map((s) => s.name),
    ['web-2', 'web-10'],
  );
  assert.deepEqual(series[1].ys, [1, null, null]);
  assert.equal(newestTime(xs, series), 102);
  const rows = instantRows([
    { target: {}, result: [{ metric: { __name__: 'ALERTS', tenant: 't', alertname: 'High' }, value: [5, '1'] }] },
  ]);
  assert.deepEqual(
    rows.map((r) => r.value),
    [1],
  );
  assert.deepEqual(tableColumns(rows), ['__name__', 'alertname']);
});
