// Template variables: what their options come from, which values are selected, and how `$name` is written into a
// PromQL expression or a link. Follows the documented behaviour of Grafana's Prometheus datasource. Pure.

export const ALL = '$__all';

/** The query text of a `query` variable: Grafana stores it as a string or as `{ query, refId }`. */
export function variableQuery(variable) {
  const q = variable.query;
  return typeof q === 'string' ? q : (q?.query ?? variable.definition ?? '');
}

/**
 * A `label_values(...)` variable query: `label_values(label)` or `label_values(<series selector>, label)`. Returns
 * `{ selector, label }` (selector null for the first form); null for any other query form (not supported).
 */
export function parseLabelValues(text) {
  const m = /^\s*label_values\(\s*(?:(.*\S)\s*,\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*$/s.exec(text ?? '');
  return m ? { selector: m[1] ?? null, label: m[2] } : null;
}

/**
 * The instant PromQL that lists a label's values among the tenant's current series: `group by (label) (selector)`.
 * The query API scopes it to the tenant. Without a selector every series with the label is considered.
 */
export function labelValuesQuery({ selector, label }) {
  return `group by (${label}) (${selector ?? `{${label}!=""}`})`;
}

/** The label values found by {@link labelValuesQuery}'s answer, sorted, without duplicates or empties. */
export function labelValuesFrom(result, label) {
  return [...new Set(result.map((r) => r.metric?.[label]).filter((v) => v !== undefined && v !== ''))].sort();
}

/** The options of a `custom` variable: Grafana's comma-separated list, where `text : value` names an option. */
export function customOptions(variable) {
  return String(variable.query ?? '')
    .split(/(?<!\\),/)
    .map((part) => part.replaceAll('\\,', ',').trim())
    .filter((part) => part !== '')
    .map((part) => {
      const m = /^(.*\S)\s+:\s+(\S.*)$/.exec(part);
      return m ? { text: m[1], value: m[2] } : { text: part, value: part };
    });
}

/**
 * The values selected for a variable: those in the URL (`var-name`) if any, else the dashboard's `current`, else the
 * first option (or All when the variable offers it). Values no longer among the options are dropped.
 */
export function selectedValues(variable, options, urlValues) {
  const known = new Set(options.map((o) => o.value));
  const pick = (values) => {
    const list = (Array.isArray(values) ? values : [values]).filter((v) => v !== undefined && v !== null);
    if (list.includes(ALL) && variable.includeAll) return [ALL];
    const kept = list.filter((v) => known.has(v));
    return variable.multi ? kept : kept.slice(0, 1);
  };
  for (const candidate of [urlValues, variable.current?.value]) {
    if (candidate === undefined || (Array.isArray(candidate) && candidate.length === 0)) continue;
    const chosen = pick(candidate);
    if (chosen.length) return chosen;
  }
  if (variable.includeAll) return [ALL];
  return options.length ? [options[0].value] : [];
}

/** Escapes a value for use inside a PromQL regex matcher, as Grafana's Prometheus datasource does for multi-values. */
export function regexEscape(value) {
  return value.replace(/\\/g, '\\\\\\\\').replace(/[\^$*+?.()|{}[\]]/g, '\\\\$&');
}

/**
 * The text `$name` stands for in PromQL: a single value of a single-value variable as it is; several values, or any
 * value of a multi/All variable, regex-escaped and joined as `(a|b)`. All means `allValue` when the variable sets one,
 * else every option.
 */
export function promqlValue(variable, selected, options) {
  if (selected.length === 1 && selected[0] === ALL) {
    if (variable.allValue) return variable.allValue;
    selected = options.map((o) => o.value);
  }
  if (!variable.multi && !variable.includeAll) return selected[0] ?? '';
  const escaped = selected.map(regexEscape);
  return escaped.length === 1 ? escaped[0] : `(${escaped.join('|')})`;
}

/**
 * Replaces `$name`, `${name}`, `${name:format}` and `[[name]]` in `text`. `values` maps a name to what it is replaced
 * by: a string, or a function of the format (for `${name:queryparam}` and the like). Unknown names stay as written,
 * so a mistake shows in the query's error instead of silently matching everything.
 */
export function interpolate(text, values) {
  return String(text).replace(
    /\$\{([A-Za-z0-9_.]+)(?::([A-Za-z]+))?\}|\[\[([A-Za-z0-9_]+)\]\]|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced, format, bracketed, bare) => {
      const name = braced ?? bracketed ?? bare;
      if (!Object.hasOwn(values, name)) return whole;
      const value = values[name];
      return typeof value === 'function' ? value(format) : String(value);
    },
  );
}

/** `var-name=v` query parameters for a variable's selected values (Grafana's URL form). */
export function urlParams(name, selected) {
  return selected.map((v) => `var-${encodeURIComponent(name)}=${encodeURIComponent(v)}`).join('&');
}
