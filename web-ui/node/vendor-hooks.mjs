// For node's test runner: the UI's modules import their libraries from /vendor/ (where build.mjs copies them and
// where the browser finds them under the Content-Security-Policy, which allows no inline import map); this maps those
// paths onto the packages in node_modules.
import { register } from 'node:module';

register('./vendor-resolve.mjs', import.meta.url);
