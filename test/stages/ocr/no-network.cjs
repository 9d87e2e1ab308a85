// Preloaded with NODE_OPTIONS=--require into every thread of a sohoa process by offline.test.ts:
// any attempt to reach the network is logged and fails.
const fs = require('node:fs');
const { threadId } = require('node:worker_threads');
const log = process.env.SOHOA_TEST_NET_LOG;
fs.appendFileSync(log, `loaded in thread ${threadId}\n`);
const deny = (what) =>
  function denied(...args) {
    fs.appendFileSync(log, `NETWORK ${what} ${String(args[0]).slice(0, 200)}\n`);
    throw new Error(`network access denied by the test: ${what}`);
  };
globalThis.fetch = deny('fetch');
const net = require('node:net');
net.Socket.prototype.connect = deny('net.Socket.connect');
net.connect = net.createConnection = deny('net.connect');
const dns = require('node:dns');
dns.lookup = deny('dns.lookup');
dns.promises.lookup = deny('dns.promises.lookup');
for (const mod of ['node:http', 'node:https']) {
  const m = require(mod);
  m.request = deny(`${mod} request`);
  m.get = deny(`${mod} get`);
}
