// Module resolution hook registered by vendor-hooks.mjs: /vendor/<file> -> the same file in node_modules.
const VENDOR = {
  '/vendor/d3-format.mjs': new URL('../node_modules/d3-format/dist/d3-format.mjs', import.meta.url).href,
  '/vendor/uPlot.esm.js': new URL('../node_modules/uplot/dist/uPlot.esm.js', import.meta.url).href,
};

export async function resolve(specifier, context, next) {
  return Object.hasOwn(VENDOR, specifier) ? { url: VENDOR[specifier], shortCircuit: true } : next(specifier, context);
}
