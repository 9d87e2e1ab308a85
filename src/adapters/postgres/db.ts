import { existsSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { ConfigError, StorageError } from '../../errors.js';
import type { RunResult, SqlDb, SqlStatement } from '../sql/db.js';
import { numberPlaceholders, orderParams } from './placeholders.js';
import type { ConnectionSettings, FailureInfo, Reply, Request } from './protocol.js';

/**
 * PostgreSQL as the stores' SqlDb. The catalog ports are synchronous (better-sqlite3's model), so
 * each statement goes to a worker thread that owns the node-postgres connection, and this thread
 * sleeps on Atomics.wait until the reply arrives. One connection per catalog: statements run in
 * order, and BEGIN … COMMIT on it is a real transaction.
 */
export class PgDb implements SqlDb {
  readonly dialect = 'postgres' as const;
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal: Int32Array;
  private depth = 0;
  private seq = 0;
  private closed = false;

  constructor(
    /** How to connect, for a second connection of its own (a worker's LISTEN). */
    readonly settings: ConnectionSettings,
    /** The catalog URL without its password, for messages. */
    readonly location: string,
  ) {
    const flag = new SharedArrayBuffer(4);
    this.signal = new Int32Array(flag);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(bootstrap(), { eval: true, workerData: { settings, port: port2, flag }, transferList: [port2] });
    // The thread must not keep a finished command alive; close() ends it properly.
    this.worker.unref();
  }

  prepare(sql: string): SqlStatement {
    return new PgStatement(this, sql, false);
  }

  exec(sql: string): void {
    this.call({ op: 'exec', sql });
    // BEGIN … COMMIT by hand (SqlCatalog.begin/commit/rollback, for imports that await between rows)
    // is a transaction too: inTransaction says so, and db.transaction() inside it nests.
    const verb = /^\s*(BEGIN|START|COMMIT|END|ROLLBACK|ABORT)\b(?!\s+TO\b)/i.exec(sql)?.[1]?.toUpperCase();
    if (verb === 'BEGIN' || verb === 'START') this.depth = Math.max(this.depth, 1);
    else if (verb) this.depth = 0;
  }

  transaction<T>(fn: () => T): T {
    // Nested: a savepoint, as better-sqlite3 does, so an inner failure the caller catches undoes
    // only the inner writes and the outer transaction goes on.
    if (this.depth > 0) return this.savepoint(fn);
    this.exec('BEGIN');
    this.depth = 1;
    try {
      const out = fn();
      this.exec('COMMIT');
      return out;
    } catch (err) {
      if (this.depth > 0) {
        try {
          this.exec('ROLLBACK');
        } catch {
          // The connection is gone, and the transaction with it.
        }
      }
      throw err;
    } finally {
      this.depth = 0;
    }
  }

  private savepoint<T>(fn: () => T): T {
    const name = `sohoa_sp${this.depth}`;
    this.exec(`SAVEPOINT ${name}`);
    this.depth++;
    try {
      const out = fn();
      this.exec(`RELEASE SAVEPOINT ${name}`);
      return out;
    } catch (err) {
      if (this.depth > 0) {
        try {
          this.exec(`ROLLBACK TO SAVEPOINT ${name}; RELEASE SAVEPOINT ${name}`);
        } catch {
          // The connection is gone, and the whole transaction with it.
        }
      }
      throw err;
    } finally {
      // A lost connection has already reset depth to 0.
      if (this.depth > 0) this.depth--;
    }
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  get open(): boolean {
    return !this.closed;
  }

  close(): void {
    if (this.closed) return;
    try {
      this.call({ op: 'close' });
    } catch {
      // Closing a connection to a server that is away: nothing to flush.
    }
    this.closed = true;
    void this.worker.terminate();
  }

  /** Sends one request and sleeps until its reply. */
  call(req: Request): { rows: unknown[]; rowCount: number } {
    if (this.closed) throw new Error('The PostgreSQL catalog is closed');
    const seq = ++this.seq;
    Atomics.store(this.signal, 0, 0);
    this.worker.postMessage({ seq, req });
    const waitMs = this.settings.queryTimeoutMs + this.settings.connectTimeoutMs + 5000;
    let reply: Reply | undefined;
    while (!reply) {
      const msg = receiveMessageOnPort(this.port);
      if (msg) {
        const r = msg.message as Reply;
        // A late reply to a call that timed out is dropped; the start-up failure has no seq.
        if (r.seq === undefined || r.seq === seq) reply = r;
        continue;
      }
      if (Atomics.wait(this.signal, 0, 0, waitMs) === 'timed-out') {
        throw unavailable(this.location, { message: `no reply in ${Math.round(waitMs / 1000)} s`, connection: true });
      }
      Atomics.store(this.signal, 0, 0);
    }
    if (reply.ok) return reply.result;
    if (reply.error.connection) {
      this.depth = 0;
      throw unavailable(this.location, reply.error);
    }
    const config = refused(this.location, reply.error);
    if (config) throw config;
    throw new SqlError(reply.error, req.op === 'close' ? '' : req.sql);
  }
}

class PgStatement implements SqlStatement {
  constructor(
    private readonly db: PgDb,
    private readonly sql: string,
    private readonly plucked: boolean,
  ) {}

  pluck(on = true): SqlStatement {
    return new PgStatement(this.db, this.sql, on);
  }

  run(...params: unknown[]): RunResult {
    return { changes: this.query(params).rowCount };
  }

  get(...params: unknown[]): unknown {
    return this.query(params).rows[0];
  }

  all(...params: unknown[]): unknown[] {
    return this.query(params).rows;
  }

  private query(params: unknown[]): { rows: unknown[]; rowCount: number } {
    const numbered = numberPlaceholders(this.sql);
    const r = this.db.call({ op: 'query', sql: numbered.text, params: orderParams(numbered, params), rowMode: this.plucked ? 'array' : 'object' });
    return this.plucked ? { rows: r.rows.map((row) => (row as unknown[])[0]), rowCount: r.rowCount } : r;
  }
}

/** A statement PostgreSQL refused (not a connection problem): a bug or a schema mismatch. */
export class SqlError extends Error {
  readonly code?: string;
  constructor(info: FailureInfo, sql: string) {
    super(`${info.message}${sql ? ` (in: ${sql.replace(/\s+/g, ' ').slice(0, 160)})` : ''}`);
    this.name = 'SqlError';
    this.code = info.code;
  }
}

/** The catalog server is away: exit 5, and workers wait and retry (see catalog.outageMinutes). */
export class CatalogUnavailableError extends StorageError {
  readonly retryable = true;
}

function unavailable(location: string, info: FailureInfo): CatalogUnavailableError {
  const detail = `${info.message}${info.code ? ` (${info.code})` : ''}`;
  return new CatalogUnavailableError(`The catalog ${location} is unavailable: ${detail}`, {
    hint: 'Check that PostgreSQL is running and reachable, and the credentials (PGPASSWORD, ~/.pgpass or catalog.passwordFile).',
    key: 'catalog.unavailable',
    params: { location, detail },
    hintKey: 'catalog.unavailableHint',
  });
}

/**
 * The server answered but will not let us in: wrong credentials, or no such database or role.
 * Configuration, not an outage (exit 3): waiting and retrying would not change the answer.
 */
function refused(location: string, info: FailureInfo): ConfigError | undefined {
  if (info.code === '28P01' || info.code === '28000') {
    return new ConfigError(`The catalog ${location} refused the credentials: ${info.message}`, {
      hint: 'Check the password: the file named by catalog.passwordFile when set, else PGPASSWORD, else ~/.pgpass.',
      key: 'catalog.refused',
      params: { location, detail: info.message },
      hintKey: 'catalog.refusedHint',
    });
  }
  if (info.code === '3D000') {
    return new ConfigError(`The catalog ${location} does not exist on the server: ${info.message}`, {
      hint: 'Create the database (createdb), then run `sohoa catalog migrate`.',
      key: 'catalog.noDatabase',
      params: { location, detail: info.message },
      hintKey: 'catalog.noDatabaseHint',
    });
  }
  return undefined;
}

/**
 * The thread starts from a small script that loads ./connection-thread (compiled, or through tsx
 * under the tests, which run the TypeScript sources) and, when that fails, replies with the
 * reason: this thread is asleep waiting and would not see the worker's error event.
 */
function bootstrap(): string {
  const js = new URL('./connection-thread.js', import.meta.url);
  const compiled = existsSync(js);
  const file = compiled ? js : new URL('./connection-thread.ts', import.meta.url);
  return `
const { parentPort, workerData } = require('node:worker_threads');
const signal = new Int32Array(workerData.flag);
(async () => {
  ${compiled ? '' : "(await import('tsx/esm/api')).register();"}
  await import(${JSON.stringify(file.href)});
})().catch((err) => {
  parentPort.on('message', () => {
    workerData.port.postMessage({ ok: false, error: { message: 'the PostgreSQL connection thread did not start: ' + err.message, connection: false } });
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
});
`;
}
