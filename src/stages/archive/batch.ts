import path from 'node:path';
import PQueue from 'p-queue';
import { toSohoaError, UsageError, type SohoaError } from '../../errors.js';
import type { ArchivedDocumentRecord } from '../../ports/archive-catalog.js';
import { archiveDocument, keyFor, type ArchiveDeps, type ArchiveInput, type ArchiveResult } from './archive-document.js';
import { sidecarKeyFor } from './key.js';

/** The I/O pool for uploads and reads: bounded, separate from the CPU pool. */
export function createIoQueue(concurrency: number): PQueue {
  return new PQueue({ concurrency: Math.max(1, concurrency) });
}

export interface ArchiveProgress {
  done: number;
  total: number;
  uid: string;
  status: ArchiveResult['status'] | 'failed';
  bytes: number;
}

export interface ArchiveFailure {
  uid: string;
  error: SohoaError;
}

export interface ArchiveBatchResult {
  results: ArchiveResult[];
  failures: ArchiveFailure[];
  uploaded: number;
  alreadyArchived: number;
  bytesUploaded: number;
}

/** Confirmed documents are written to the catalog in groups of this many (one fsync each). */
const CATALOG_GROUP = 32;

/**
 * Archives many documents through one bounded queue. A failed document is reported and the
 * others go on; once the signal aborts, no new upload starts.
 *
 * Two savings over one-by-one calls: the folders the keys fall in are listed once (instead of
 * a HEAD per object), and confirmed records reach the catalog in small transactions. A crash
 * between an upload and its group's commit loses only catalog rows, which the re-run restores
 * (the objects are found identical and counted as already archived).
 */
export async function archiveDocuments(
  deps: ArchiveDeps,
  inputs: readonly ArchiveInput[],
  opts: { concurrency: number; onProgress?: (p: ArchiveProgress) => void; queue?: PQueue },
): Promise<ArchiveBatchResult> {
  const queue = opts.queue ?? createIoQueue(opts.concurrency);
  const out: ArchiveBatchResult = { results: [], failures: [], uploaded: 0, alreadyArchived: 0, bytesUploaded: 0 };
  const total = inputs.length;
  let done = 0;
  const fail = (uid: string, err: unknown) => {
    out.failures.push({ uid, error: toSohoaError(err) });
    opts.onProgress?.({ done: ++done, total, uid, status: 'failed', bytes: 0 });
  };

  // Plan: keys, duplicates, and what is already there.
  const planned: Array<{ input: ArchiveInput; key: string }> = [];
  const seen = new Map<string, string>();
  for (const input of inputs) {
    try {
      const key = keyFor(deps, input);
      const other = seen.get(key);
      if (other !== undefined) {
        throw new UsageError(`Expected one document per archive key, got ${other} and ${input.uid} both at ${key}`, {
          hint: 'Give the documents distinct ids, or add {document} to archiveKeyTemplate.',
          key: 'archive.err.sameKey',
          params: { a: other, b: input.uid, key },
          hintKey: 'archive.err.sameKeyHint',
        });
      }
      seen.set(key, input.uid);
      planned.push({ input, key });
    } catch (err) {
      fail(input.uid, err);
    }
  }
  const absentKeys = await listAbsent(deps, planned.map((p) => p.key));

  let pending: ArchivedDocumentRecord[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const write = () => batch.forEach((r) => deps.catalog.archive.recordDocument(r));
    if (deps.catalog.transaction) deps.catalog.transaction(write);
    else write();
  };
  try {
    await Promise.all(
      planned.map(({ input }) =>
        queue.add(async () => {
          if (deps.signal?.aborted) return;
          try {
            const r = await archiveDocument(deps, input, {
              absentKeys,
              onConfirmed: (rec) => {
                pending.push(rec);
                if (pending.length >= CATALOG_GROUP) flush();
              },
            });
            out.results.push(r);
            if (r.status === 'uploaded') {
              out.uploaded += 1;
              out.bytesUploaded += r.size;
            } else out.alreadyArchived += 1;
            opts.onProgress?.({ done: ++done, total, uid: input.uid, status: r.status, bytes: r.size });
          } catch (err) {
            fail(input.uid, err);
          }
        }),
      ),
    );
  } finally {
    flush();
  }
  out.results.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return out;
}

/** Keys (and their sidecars) not present in a listing of their folders; empty when listing fails. */
async function listAbsent(deps: ArchiveDeps, keys: string[]): Promise<Set<string>> {
  const wanted = new Set(keys.flatMap((k) => [k, sidecarKeyFor(k)]));
  const folders = new Set(keys.map((k) => path.posix.dirname(k)).filter((d) => d !== '.'));
  // Listing pays only when several keys share a folder.
  if (folders.size === 0 || folders.size * 2 > keys.length) return new Set();
  try {
    for (const folder of folders) {
      for await (const o of deps.store.list(folder)) wanted.delete(o.key);
    }
    return wanted;
  } catch {
    return new Set(); // fall back to a HEAD per object
  }
}
