// Builds the static UI into a directory served by tenant-service (META-INF/resources of the web-ui jar).
// No bundler: the pages are plain ES modules; uPlot and d3-format are copied from node_modules as vendor/ (node's test
// runner finds them through node/vendor-hooks.mjs).
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? join(here, 'target', 'classes', 'META-INF', 'resources'));

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'vendor'), { recursive: true });
cpSync(join(here, 'src'), out, { recursive: true });
cpSync(join(here, 'node_modules', 'uplot', 'dist', 'uPlot.esm.js'), join(out, 'vendor', 'uPlot.esm.js'));
cpSync(join(here, 'node_modules', 'uplot', 'dist', 'uPlot.min.css'), join(out, 'vendor', 'uPlot.min.css'));
cpSync(join(here, 'node_modules', 'uplot', 'LICENSE'), join(out, 'vendor', 'uPlot.LICENSE'));
cpSync(join(here, 'node_modules', 'd3-format', 'dist', 'd3-format.mjs'), join(out, 'vendor', 'd3-format.mjs'));
cpSync(join(here, 'node_modules', 'd3-format', 'LICENSE'), join(out, 'vendor', 'd3-format.LICENSE'));

// The reference dashboards: the same Grafana JSON files a real Grafana imports (dashboards/), served as they are,
// with an index the dashboard list reads.
const dashboards = resolve(here, '..', 'dashboards');
mkdirSync(join(out, 'dashboards'), { recursive: true });
const index = readdirSync(dashboards)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => {
    cpSync(join(dashboards, file), join(out, 'dashboards', file));
    const { uid, title, tags = [] } = JSON.parse(readFileSync(join(dashboards, file), 'utf8'));
    return { uid, title, tags, file };
  });
writeFileSync(join(out, 'dashboards', 'index.json'), JSON.stringify(index, null, 2));
console.log(`web-ui built into ${out} (${index.length} reference dashboards)`);
