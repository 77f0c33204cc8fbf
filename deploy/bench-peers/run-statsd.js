// Etsy's StatsD daemon as `./pulseboard bench-ingest` runs it beside the gateway: config file as the only argument,
// and the same UDP receive buffer the gateway asks for (4 MiB, this machine's net.core.rmem_max), which statsd 0.9
// has no option for. Nothing else is changed.
const dgram = require('dgram');
const createSocket = dgram.createSocket;
dgram.createSocket = function (type, listener) {
  const options = typeof type === 'string' ? { type } : Object.assign({}, type);
  options.recvBufferSize = 4 * 1024 * 1024;
  return createSocket.call(dgram, options, listener);
};
process.argv = [process.argv[0], require.resolve('statsd/stats.js'), process.argv[2]];
require('statsd/stats.js');
