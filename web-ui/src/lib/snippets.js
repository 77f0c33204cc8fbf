// Copy-paste snippets shown with a freshly created ingest key. The key goes where each client carries it:
// an Authorization header for HTTP, the metric-name prefix for StatsD (any StatsD client has a prefix option).

// The addresses come from the server (GET /api/config): no host or port is written into the UI.
export async function loadEndpoints(fetchImpl = fetch) {
  const response = await fetchImpl('/api/config', { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET /api/config answered ${response.status}`);
  const config = await response.json();
  return {
    ingest: config.ingestUrl,
    query: config.queryUrl,
    statsdHost: config.statsd.host,
    statsdPort: config.statsd.port,
  };
}

export function curlSnippet(httpBase, key) {
  const body = JSON.stringify({
    samples: [{ name: 'cpu_usage_percent', type: 'gauge', value: 42.5, labels: { instance: 'web-1' } }],
  });
  return `curl -sS -X POST ${httpBase}/api/v1/push \\\n  -H 'Authorization: Bearer ${key}' \\\n  -H 'Content-Type: application/json' \\\n  -d '${body}'`;
}

export function statsdSnippet(host, port, key) {
  return (
    `# any StatsD client: set the prefix to "${key}."\n` +
    `echo "${key}.user_sessions_active:17|g|#region:eu" | nc -u -w1 ${host} ${port}`
  );
}

export function queryCurlSnippet(httpBase, key) {
  return `curl -sS -H 'Authorization: Bearer ${key}' \\\n  '${httpBase}/api/v1/query?query=cpu_usage_percent'`;
}
