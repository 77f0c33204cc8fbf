// fetch() for the tenant-service API with the logged-in session: JSON in and out; an expired session goes back to
// /app/ (which logs in again); an error answer throws its problem+json detail.
export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json', 'X-Requested-With': 'JavaScript' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  if (response.status === 401 || response.status === 499) {
    window.location.href = '/app/';
    throw new Error('session expired');
  }
  if (response.status === 204) return null;
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(json.error ?? json.detail ?? `HTTP ${response.status}`);
    error.id = json.id;
    error.status = response.status;
    throw error;
  }
  return json;
}

/** An error as the pages show it: its message, and the stable error id when the server gave one. */
export function describe(error) {
  return error.id ? `${error.message} (${error.id})` : error.message;
}
