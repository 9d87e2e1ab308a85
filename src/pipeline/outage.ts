import { setTimeout as sleep } from 'node:timers/promises';
import { StorageError } from '../errors.js';
import type { EventSink } from './events.js';

export type OutageOf = 'catalog' | 'object-store';

const NETWORK_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ECONNABORTED|UND_ERR_\w+)$/;
const TRANSIENT_S3 = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeTooSkewed', 'ServiceUnavailable', 'SlowDown', 'InternalError', 'ThrottlingException']);

/**
 * What went away, if `err` says a shared service is down rather than that something is wrong:
 * the catalog server (CatalogUnavailableError, `retryable`) or the object store (a network
 * failure or a 5xx under a StorageError). A conflict, a refused credential or a full disk is not
 * an outage: waiting would not fix it.
 */
export function outageOf(err: unknown): OutageOf | undefined {
  if ((err as { retryable?: unknown })?.retryable === true) return 'catalog';
  if (!(err instanceof StorageError)) return undefined;
  for (let c: unknown = err.cause, depth = 0; c && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    const e = c as { code?: string; name?: string; $metadata?: { httpStatusCode?: number } };
    if ((e.code && NETWORK_CODES.test(e.code)) || (e.name && TRANSIENT_S3.has(e.name))) return 'object-store';
    if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return 'object-store';
  }
  return undefined;
}

/**
 * Shared by everything a worker does: when the catalog or the object store goes away, callers
 * pause here with a growing backoff (0.5 s doubling to 30 s) and try again. The outage is over
 * when anything succeeds again (`ok()`); past `limitMs` of continuous outage, `pause` rethrows and
 * the worker stops with exit 5. Work not committed is redone, so nothing is lost either way.
 */
export class OutageGate {
  /** Each service's outage on its own: the catalog answering says nothing about the object store. */
  private readonly outages = new Map<OutageOf, { since: number; attempt: number }>();

  constructor(
    private readonly limitMs: number,
    private readonly events: EventSink,
    private readonly maxDelayMs = 30_000,
  ) {}

  get down(): boolean {
    return this.outages.size > 0;
  }

  /** Waits before the next try, or rethrows `err` when the outage has lasted too long. */
  async pause(err: unknown, what: OutageOf, signal?: AbortSignal): Promise<void> {
    const now = Date.now();
    let o = this.outages.get(what);
    if (!o) this.outages.set(what, (o = { since: now, attempt: 0 }));
    const down = now - o.since;
    if (down > this.limitMs) throw err;
    const delay = Math.min(this.maxDelayMs, 500 * 2 ** Math.min(o.attempt++, 10), Math.max(100, this.limitMs - down + 100));
    this.events({
      type: 'outage',
      what,
      message: err instanceof Error ? err.message : String(err),
      downSeconds: Math.round(down / 100) / 10,
      retryInSeconds: Math.round(delay / 100) / 10,
    });
    await sleep(delay * (0.8 + Math.random() * 0.4), undefined, { signal }).catch(() => undefined);
  }

  /** Something worked: the outage of `what` (default: every service) is over. */
  ok(what?: OutageOf): void {
    for (const [k, o] of this.outages) {
      if (what && k !== what) continue;
      this.events({ type: 'recovered', what: k, downSeconds: Math.round((Date.now() - o.since) / 100) / 10 });
      this.outages.delete(k);
    }
  }

  /** Runs fn, which needs only `needs`, pausing and trying again for as long as it fails with an outage. */
  async retry<T>(fn: () => T | Promise<T>, signal?: AbortSignal, needs: OutageOf = 'catalog'): Promise<T> {
    for (;;) {
      try {
        const out = await fn();
        this.ok(needs);
        return out;
      } catch (err) {
        const what = outageOf(err);
        if (!what || signal?.aborted) throw err;
        await this.pause(err, what, signal);
      }
    }
  }
}
