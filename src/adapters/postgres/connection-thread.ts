/**
 * The worker thread that owns the catalog's PostgreSQL connection. The main thread posts one
 * request at a time and sleeps on `flag` until the reply is on `port` (see ./db.ts). A lost
 * connection is dropped and opened again on the next request, so the caller can retry once the
 * server is back.
 */
import pg from 'pg';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { clientConfig } from './client-config.js';
import { isConnectionFailure, type ConnectionSettings, type Reply, type Request } from './protocol.js';

// Counts and sums are bigint/numeric in PostgreSQL; the stores want numbers, as SQLite gives.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

const { settings, port, flag } = workerData as { settings: ConnectionSettings; port: MessagePort; flag: SharedArrayBuffer };
const signal = new Int32Array(flag);
let client: pg.Client | undefined;

async function connection(): Promise<pg.Client> {
  if (client) return client;
  const c = new pg.Client(clientConfig(settings));
  // An idle connection the server closes reports here; the next request reconnects.
  c.on('error', () => {
    if (client === c) client = undefined;
  });
  c.on('end', () => {
    if (client === c) client = undefined;
  });
  try {
    await c.connect();
  } catch (err) {
    c.end().catch(() => undefined);
    throw err;
  }
  client = c;
  return c;
}

async function handle(req: Request): Promise<Reply> {
  try {
    if (req.op === 'close') {
      await client?.end().catch(() => undefined);
      client = undefined;
      return { ok: true, result: { rows: [], rowCount: 0 } };
    }
    const c = await connection();
    if (req.op === 'exec') {
      await c.query(req.sql);
      return { ok: true, result: { rows: [], rowCount: 0 } };
    }
    const r =
      req.rowMode === 'array'
        ? await c.query({ text: req.sql, values: req.params, rowMode: 'array' })
        : await c.query({ text: req.sql, values: req.params });
    return { ok: true, result: { rows: r.rows, rowCount: r.rowCount ?? 0 } };
  } catch (err) {
    const e = err as Error & { code?: string };
    const connectionLost = isConnectionFailure(e.code, e.message);
    if (connectionLost && client) {
      client.end().catch(() => undefined);
      client = undefined;
    }
    return { ok: false, error: { message: e.message, code: e.code, connection: connectionLost } };
  }
}

parentPort!.on('message', ({ seq, req }: { seq: number; req: Request }) => {
  void handle(req).then((reply) => {
    port.postMessage({ ...reply, seq });
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
});
