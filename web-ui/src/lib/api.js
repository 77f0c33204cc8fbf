// fetch() for the tenant-service API with the logged-in session: JSON in and out, the organisation the user chose
// (X-Pulseboard-Organization); an expired session goes back to /app/ (which logs in again); an error answer throws
// its problem+json detail.

/** localStorage key of the tenant id of the organisation the user works in (see chooseOrganization). */
export const ORGANIZATION_KEY = 'pulseboard.organization';
/** The request header that says which of the user's organisations a request is for. */
export const ORGANIZATION_HEADER = 'X-Pulseboard-Organization';

// Storage can be missing (node's test runner) or refused (privacy settings): then no organisation is remembered.
function storage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The tenant id of the organisation the user chose, or null when none is stored. */
export function chosenOrganization() {
  try {
    return storage()?.getItem(ORGANIZATION_KEY) || null;
  } catch {
    return null;
  }
}

/** Remembers `tenant` as the organisation every request is for; null or '' forgets the choice. */
export function chooseOrganization(tenant) {
  try {
    if (tenant) storage()?.setItem(ORGANIZATION_KEY, tenant);
    else storage()?.removeItem(ORGANIZATION_KEY);
  } catch {
    // not remembered: requests go without the header and the server picks (or asks) as without a choice
  }
}

/** The request headers of an API call: JSON, and the organisation header when `organization` is given. */
export function requestHeaders({ organization = null, json = false } = {}) {
  const headers = { Accept: 'application/json', 'X-Requested-With': 'JavaScript' };
  if (json) headers['Content-Type'] = 'application/json';
  if (organization) headers[ORGANIZATION_HEADER] = organization;
  return headers;
}

/**
 * Calls the API. `organization` is the tenant id sent in X-Pulseboard-Organization (default: the chosen one; null:
 * no header). `login: false` is for public pages and calls: a 401 is then thrown as an error instead of sending the
 * browser to /app/ to log in.
 */
export async function api(path, { method = 'GET', body, organization = chosenOrganization(), login = true } = {}) {
  const response = await fetch(path, {
    method,
    headers: requestHeaders({ organization, json: body !== undefined }),
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  if (login && (response.status === 401 || response.status === 499)) {
    window.location.href = '/app/';
    throw new Error('session expired');
  }
  if (response.status === 204) return null;
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(json.error ?? json.detail ?? json.title ?? `HTTP ${response.status}`);
    error.id = json.id;
    error.field = json.field;
    error.status = response.status;
    throw error;
  }
  return json;
}

/** A call from a page anyone may open (no login): no organisation header, a 401 is an error like any other. */
export function publicApi(path, options = {}) {
  return api(path, { ...options, organization: null, login: false });
}

/** An error as the pages show it: its message, and the stable error id when the server gave one. */
export function describe(error) {
  return error.id ? `${error.message} (${error.id})` : error.message;
}
