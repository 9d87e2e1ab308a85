import { promises as fsp } from 'node:fs';
import { InterruptedError, StorageError } from '../../errors.js';
import type { IngestResult } from './index.js';

export type WatchEvent =
  | { type: 'pass'; result: IngestResult }
  | { type: 'inbox-missing'; inbox: string }
  | { type: 'inbox-back'; inbox: string }
  | { type: 'pass-failed'; message: string };

export interface WatchOptions {
  inbox: string;
  /** Time between two looks at the inbox. */
  intervalMs: number;
  signal: AbortSignal;
  onEvent(e: WatchEvent): void;
}

export interface WatchTotals {
  passes: number;
  registered: number;
  rejected: number;
  /** Times the inbox disappeared (unmounted) and came back. */
  outages: number;
}

/**
 * `sohoa ingest --watch`: runs one ingest pass after another until the signal aborts, with the
 * same settle rules as a single ingest (a file still being written waits for a later pass).
 * Polling, not file-system events: it works the same on network shares and removable disks, and
 * an inbox that is unmounted for a while (the folder vanishes) is waited for, not fatal.
 */
export async function watchInbox(ingestOnce: () => Promise<IngestResult>, o: WatchOptions): Promise<WatchTotals> {
  const totals: WatchTotals = { passes: 0, registered: 0, rejected: 0, outages: 0 };
  let missing = false;
  while (!o.signal.aborted) {
    if (await isDir(o.inbox)) {
      if (missing) o.onEvent({ type: 'inbox-back', inbox: o.inbox });
      missing = false;
      try {
        const result = await ingestOnce();
        totals.passes += 1;
        totals.registered += result.registered.length;
        totals.rejected += result.rejected.length;
        o.onEvent({ type: 'pass', result });
      } catch (err) {
        if (err instanceof InterruptedError) break;
        // The inbox vanished in the middle of a pass: the next pass waits for it.
        if (!(err instanceof StorageError) && (err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        o.onEvent({ type: 'pass-failed', message: (err as Error).message });
      }
    } else if (!missing) {
      missing = true;
      totals.outages += 1;
      o.onEvent({ type: 'inbox-missing', inbox: o.inbox });
    }
    await sleep(o.intervalMs, o.signal);
  }
  return totals;
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await fsp.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
