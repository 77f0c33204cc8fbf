// Builds the static UI into a directory served by tenant-service (META-INF/resources of the web-ui jar).
// No bundler: the pages are plain ES modules; uPlot is copied from node_modules as vendor/.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
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
console.log(`web-ui built into ${out}`);
