// Sends one DogStatsD gauge with hot-shots, configured the way a Pulseboard user configures any StatsD client:
// prefix = "<ingest key>.". Then, optionally, gauge changes with hot-shots' gaugeDelta (+n|g, -n|g), in order.
// Usage: node send.mjs <key-file> <port> <metric> <value> [tag=value] [change,change,...]
import { readFileSync } from 'node:fs';
import StatsD from 'hot-shots';

const [keyFile, port, metric, value, tag, changes] = process.argv.slice(2);
const key = readFileSync(keyFile, 'utf8').trim();
const tags = tag ? Object.fromEntries([tag.split('=')]) : {};
const client = new StatsD({
  host: '127.0.0.1', port: Number(port), prefix: `${key}.`, protocol: 'udp',
  errorHandler: (e) => { console.error(`hot-shots: ${e.message}`); process.exitCode = 1; },
});
const deltas = changes ? changes.split(',').map(Number) : [];
const sendChanges = (i) => {
  if (i === deltas.length) {
    client.close();
    return;
  }
  client.gaugeDelta(metric, deltas[i], 1, tags, () => sendChanges(i + 1));
};
client.gauge(metric, Number(value), tags, () => sendChanges(0));
