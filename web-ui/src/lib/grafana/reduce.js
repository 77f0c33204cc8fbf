// A series reduced to the one value a stat, gauge or bar gauge shows (options.reduceOptions.calcs). Pure.

const CALCS = {
  lastNotNull: (ys) => {
    for (let i = ys.length - 1; i >= 0; i--) if (ys[i] !== null && !Number.isNaN(ys[i])) return ys[i];
    return null;
  },
  last: (ys) => (ys.length ? ys[ys.length - 1] : null),
  mean: (ys) => {
    const present = ys.filter((y) => y !== null);
    return present.length ? present.reduce((a, b) => a + b, 0) / present.length : null;
  },
  max: (ys) => {
    const present = ys.filter((y) => y !== null);
    return present.length ? Math.max(...present) : null;
  },
  min: (ys) => {
    const present = ys.filter((y) => y !== null);
    return present.length ? Math.min(...present) : null;
  },
};

/** `ys` (nulls for gaps) reduced by the panel's first calculation, Grafana's default "lastNotNull" without one. */
export function reduceSeries(ys, calcs) {
  const calc = CALCS[calcs?.[0] ?? 'lastNotNull'] ?? CALCS.lastNotNull;
  return calc(ys);
}
