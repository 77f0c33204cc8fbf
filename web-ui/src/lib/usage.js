// Pure helpers of the usage page (tested in test/usage.test.js).

/** Samples per second as shown: "0 samples/s", "12.5 samples/s", "1,234 samples/s". */
export function formatRate(value) {
  const rounded = value >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded.toLocaleString('en')} samples/s`;
}

/** The limits object of GET /api/limits as [name, shown value] pairs by name; lists joined with ", ". */
export function limitEntries(limits) {
  return Object.keys(limits ?? {})
    .sort()
    .map((name) => {
      const value = limits[name];
      return [name, Array.isArray(value) ? value.join(', ') : String(value)];
    });
}
