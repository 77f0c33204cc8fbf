// Panel links, data links and dashboard links: their `${...}` variables, and Grafana's /d/<uid> URLs mapped onto
// this UI's dashboard page. Pure.
import { interpolate, urlParams } from './variables.js';

/** This UI's page for a Grafana dashboard URL (`/d/<uid>[/<slug>][?query]`); other URLs as they are, scripts refused. */
export function appUrl(url) {
  const text = String(url).trim();
  if (/^\s*(javascript|data|vbscript):/i.test(text)) return '#';
  const m = /^\/d\/([A-Za-z0-9_-]+)(?:\/[^?#]*)?(?:\?([^#]*))?(#.*)?$/.exec(text);
  if (!m) return text;
  const query = m[2] ? `&${m[2]}` : '';
  return `/app/dashboard.html?uid=${encodeURIComponent(m[1])}${query}${m[3] ?? ''}`;
}

/** `from=..&to=..` of a range (Grafana's `${__url_time_range}`). */
function rangeParams(range) {
  return `from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`;
}

/** Every variable as `var-name=..` (Grafana's `${__all_variables}`). */
function allVariableParams(variables) {
  return Object.entries(variables)
    .map(([name, selected]) => urlParams(name, selected))
    .filter((p) => p !== '')
    .join('&');
}

/**
 * A link's URL with its variables filled in: `${__field.labels.<name>}` (the series the user chose; data links only),
 * `${__url_time_range}` (from=..&to=..), `${__all_variables}` (every variable as var-name=..), and each dashboard
 * variable (`${name:queryparam}` for var-name=.., otherwise its values joined by commas). URL-encoded where they land.
 */
export function linkUrl(template, { labels = {}, range, variables = {} }) {
  const values = {
    __url_time_range: rangeParams(range),
    __all_variables: allVariableParams(variables),
  };
  for (const [name, value] of Object.entries(labels)) values[`__field.labels.${name}`] = encodeURIComponent(value);
  for (const [name, selected] of Object.entries(variables)) {
    values[name] = (fmt) =>
      fmt === 'queryparam' ? urlParams(name, selected) : selected.map(encodeURIComponent).join(',');
  }
  return appUrl(interpolate(template, values));
}

/** A dashboard link (`type: "link"`): its URL plus the current range and variables when it asks to keep them. */
export function dashboardLinkUrl(link, { range, variables }) {
  let url = linkUrl(link.url ?? '', { range, variables });
  const tail = [link.keepTime ? rangeParams(range) : '', link.includeVars ? allVariableParams(variables) : '']
    .filter((p) => p !== '')
    .join('&');
  if (tail) url += (url.includes('?') ? '&' : '?') + tail;
  return url;
}
