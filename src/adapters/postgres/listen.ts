import pg from 'pg';
import { WORK_CHANNEL } from '../sql/work-queue.js';
import { clientConfig } from './client-config.js';
import type { ConnectionSettings } from './protocol.js';

/**
 * An idle worker's ear: a LISTEN connection of its own (node-postgres, asynchronous; the
 * catalog's synchronous bridge cannot wait for notifications). `wait` ends on a NOTIFY from
 * ingest or from a worker giving a document back, on the poll timer, or on the signal. The
 * connection is a convenience: when it is down (an outage), polling finds the work anyway, and
 * it is opened again on the next wait.
 */
export class WorkListener {
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private heard = false;
  private wake: (() => void) | undefined;
  private closed = false;

  constructor(private readonly settings: ConnectionSettings) {}

  /** True while the LISTEN connection is up (for tests and the worker's start-up line). */
  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Opens the connection; resolves either way (a failure leaves polling in charge). */
  connect(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= this.open().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async open(): Promise<void> {
    const c = new pg.Client({ ...clientConfig({ ...this.settings, applicationName: `${this.settings.applicationName} (listen)` }), query_timeout: undefined });
    const drop = () => {
      if (this.client === c) this.client = undefined;
    };
    c.on('error', drop);
    c.on('end', drop);
    c.on('notification', () => {
      this.heard = true;
      this.wake?.();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${WORK_CHANNEL}`);
      this.client = c;
      // Work may have arrived while nobody was listening.
      this.heard = true;
    } catch {
      c.end().catch(() => undefined);
    }
  }

  /** Until new work is announced, `pollMs` passes, or the signal; whichever comes first. */
  async wait(signal: AbortSignal, pollMs: number): Promise<void> {
    void this.connect();
    if (this.heard || signal.aborted) {
      this.heard = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, pollMs);
      signal.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
    this.heard = false;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.connecting;
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }
}
